import datetime

import factory
from django.utils import timezone

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory

from ..enums import Format, RegistrationStatus
from ..models import Attendance, Cycle, Registration, Session


def in_days(days, hour=9):
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    centre = factory.SubFactory("passerelles.centres.tests.factories.CentreFactory")
    title = factory.Sequence(lambda n: f"Cycle de test {n}")
    slug = factory.Sequence(lambda n: f"cycle-de-test-{n}")
    description = "Un cycle de qualification."
    is_published = True


class SessionFactory(factory.django.DjangoModelFactory):
    """A published in-person session in ten days, 9:00 to 17:00, two half-days."""

    class Meta:
        model = Session

    centre = factory.SubFactory("passerelles.centres.tests.factories.CentreFactory")
    title = factory.Sequence(lambda n: f"Session de test {n}")
    slug = factory.Sequence(lambda n: f"session-de-test-{n}")
    description = "Une journée d'échanges."
    format = Format.IN_PERSON
    venue = "Salle du conseil"
    address = "1 place de la Mairie"
    starts_at = factory.LazyFunction(lambda: in_days(10, 9))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + datetime.timedelta(hours=8))
    half_days = 2
    is_published = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration
        skip_postgeneration_save = True

    session = factory.SubFactory(SessionFactory)
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Participant{n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    organisation = "Ville de test"
    consent = True
    status = RegistrationStatus.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def attended(registration, create, extracted, **kwargs):
        """attended=True or False: marked present or absent at the session, or at each of the cycle's."""
        if not create or extracted is None:
            return
        sessions = [registration.session] if registration.session_id else registration.cycle.sessions.all()
        for session in sessions:
            Attendance.objects.create(registration=registration, session=session, present=extracted)


def presence(registration, session=None):
    """True (present), False (absent) or None (not marked) at the session (by default, its own)."""
    row = Attendance.objects.filter(registration=registration, session=session or registration.session).first()
    return row and row.present


def organiser(target):
    """Someone who manages the organising centre of `target` (a session or cycle)."""
    return MembershipFactory(centre=target.centre, role=Role.CENTRE_ADMIN).user
