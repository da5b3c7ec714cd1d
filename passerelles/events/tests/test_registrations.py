"""The registration service's rules: double opt-in, seats, waiting list, cycles, refusals, and the
e-mails each step queues (their delivery to an SMTP server is in test_mail)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.core.models import OutgoingMail

from ..enums import Openness, RegistrationStatus, SessionStatus
from ..errors import AlreadyCancelled, AlreadyTookPlace
from ..models import Registration
from ..services import registrations
from ..services.registrations import AlreadyRegistered, RegistrationRefused, cancel, cancel_session, confirm, register
from .factories import CycleFactory, SessionFactory, in_days, organiser

pytestmark = pytest.mark.django_db

CONFIRMED, WAITING, PENDING, CANCELLED = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
    RegistrationStatus.PENDING,
    RegistrationStatus.CANCELLED,
)


def person(email, **extra):
    return {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": email,
        "organisation": "Ville de Quimper",
        "consent": True,
        **extra,
    }


def registered(target, email):
    """Register and confirm, as the person does with the link of the first e-mail."""
    return confirm(register(target, person(email)).token)


def subjects(email):
    return list(OutgoingMail.objects.filter(to=email).order_by("pk").values_list("subject", flat=True))


def statuses(*regs):
    return [Registration.objects.get(pk=reg.pk).status for reg in regs]


# ---------------------------------------------------------------- double opt-in


def test_a_pending_registration_holds_no_seat():
    session = SessionFactory(capacity=1)
    first = register(session, person("premiere@example.org"))
    assert first.status == PENDING
    assert registrations.seats_left(session) == 1
    second = registered(session, "seconde@example.org")
    assert second.status == CONFIRMED
    assert confirm(first.token).status == WAITING


def test_registering_queues_the_confirmation_link():
    session = SessionFactory(title="Journée gestion urbaine de proximité")
    registration = register(session, person("Camille.Martin@Example.org"))
    assert registration.email == "camille.martin@example.org"
    mail = OutgoingMail.objects.get()
    assert mail.to == "camille.martin@example.org"
    assert mail.subject == "Confirmez votre inscription : Journée gestion urbaine de proximité"
    assert f"/agenda/inscription/{registration.token}/" in mail.body


def test_confirming_takes_a_seat_then_the_waiting_list_with_a_rank():
    session = SessionFactory(capacity=2, title="Atelier")
    seated = [registered(session, f"place{n}@example.org") for n in range(2)]
    waiting = [registered(session, f"attente{n}@example.org") for n in range(2)]
    assert [reg.status for reg in seated] == [CONFIRMED, CONFIRMED]
    assert [reg.status for reg in waiting] == [WAITING, WAITING]
    assert all(reg.confirmed_at for reg in seated + waiting)
    assert subjects("place0@example.org") == [
        "Confirmez votre inscription : Atelier",
        "Inscription confirmée : Atelier",
    ]
    assert subjects("attente1@example.org")[-1] == "Liste d'attente : Atelier"
    bodies = [OutgoingMail.objects.filter(to=reg.email).last().body for reg in waiting]
    assert "au rang 1." in bodies[0]
    assert "au rang 2." in bodies[1]
    assert registrations.seats_left(session) == 0


def test_confirming_twice_changes_nothing():
    session = SessionFactory(capacity=1)
    registration = registered(session, "camille@example.org")
    again = confirm(registration.token)
    assert again.status == CONFIRMED
    assert again.confirmed_at == registration.confirmed_at
    assert len(subjects("camille@example.org")) == 2  # the link, then the confirmation: no second one


def test_without_capacity_every_confirmation_gets_a_seat():
    session = SessionFactory(capacity=None)
    regs = [registered(session, f"personne{n}@example.org") for n in range(60)]
    assert {reg.status for reg in regs} == {CONFIRMED}
    assert registrations.seats_left(session) is None


def test_an_unknown_link_is_refused():
    with pytest.raises(RegistrationRefused, match="Ce lien d'inscription n'est pas valide"):
        confirm("pas-un-jeton")


def test_confirming_a_cancelled_registration_is_refused():
    session = SessionFactory(capacity=5)
    registration = register(session, person("camille@example.org"))
    cancel(registration.token)
    with pytest.raises(RegistrationRefused) as refused:
        confirm(registration.token)
    assert str(refused.value) == "Cette inscription a été annulée : inscrivez-vous à nouveau si des places restent."
    assert statuses(registration) == [CANCELLED]
    assert registrations.seats_left(session) == 5


def test_confirming_for_a_cancelled_session_is_refused():
    session = SessionFactory(capacity=5)
    registration = register(session, person("camille@example.org"))
    cancel_session(organiser(session), session)
    with pytest.raises(RegistrationRefused, match="^Cette session est annulée ou reportée"):
        confirm(registration.token)
    assert statuses(registration) == [PENDING]


def test_confirming_after_the_session_began_is_refused():
    session = SessionFactory(capacity=5)
    registration = register(session, person("camille@example.org"))
    session.starts_at, session.ends_at = _now_plus(hours=-1), _now_plus(hours=3)
    session.save()
    with pytest.raises(RegistrationRefused, match="^Cette session a déjà commencé"):
        confirm(registration.token)
    assert statuses(registration) == [PENDING]


def test_cancelling_the_full_session_of_a_cycle_seats_the_cycle_waiting_list(cycle):
    for n in range(2):
        registered(cycle.second, f"journee{n}@example.org")
    waiting = registered(cycle, "cycle@example.org")
    assert waiting.status == WAITING  # the second session is full
    cancel_session(organiser(cycle.second), cycle.second)
    assert statuses(waiting) == [CONFIRMED]
    assert subjects("cycle@example.org")[-1] == "Une place s'est libérée : Cycle renouvellement urbain"
    cycle.second.refresh_from_db()
    assert cycle.second.sequence == 1


def test_a_cycle_goes_on_without_its_cancelled_session(cycle):
    registration = register(cycle, person("camille@example.org"))
    for n in range(2):
        registered(cycle.second, f"journee{n}@example.org")  # the second session is full
    cancel_session(organiser(cycle.second), cycle.second)
    assert registrations.seats_left(cycle) == 2  # the first session's seats: the second no longer counts
    assert confirm(registration.token).status == CONFIRMED
    cancel_session(organiser(cycle.first), cycle.first)
    with pytest.raises(RegistrationRefused, match="^Les sessions de ce cycle sont annulées ou reportées"):
        register(cycle, person("dominique@example.org"))


# ---------------------------------------------------------------- once per address


def test_the_same_address_is_refused_whatever_its_case():
    session = SessionFactory()
    first = register(session, person("camille.martin@example.org"))
    with pytest.raises(AlreadyRegistered) as refused:
        register(session, person("  Camille.MARTIN@example.org "))
    assert refused.value.registration == first
    assert session.registrations.count() == 1
    assert subjects("camille.martin@example.org")[-1].startswith("Votre lien d'inscription")


def test_the_same_address_is_refused_once_confirmed_and_on_the_waiting_list():
    session = SessionFactory(capacity=1)
    registered(session, "premiere@example.org")
    registered(session, "seconde@example.org")  # waiting
    for email in ("PREMIERE@example.org", "Seconde@Example.org"):
        with pytest.raises(AlreadyRegistered):
            register(session, person(email))
    assert session.registrations.count() == 2


def test_the_same_address_may_register_again_after_cancelling():
    session = SessionFactory(capacity=3)
    first = registered(session, "camille@example.org")
    cancel(first.token)
    again = register(session, person("Camille@example.org"))
    assert again.pk != first.pk
    assert confirm(again.token).status == CONFIRMED
    assert statuses(first, again) == [CANCELLED, CONFIRMED]


def test_one_seat_per_person_between_a_cycle_and_its_sessions(cycle):
    in_cycle = register(cycle, person("camille@example.org"))
    with pytest.raises(AlreadyRegistered):
        register(cycle.first, person("Camille@example.org"))
    assert subjects("camille@example.org")[-1] == "Votre lien d'inscription : Cycle renouvellement urbain"
    body = OutgoingMail.objects.filter(to="camille@example.org").last().body
    assert "Vous êtes déjà inscrit·e au cycle qui comprend cette session" in body
    assert in_cycle.get_absolute_url() in body
    in_session = register(cycle.second, person("dominique@example.org"))
    with pytest.raises(AlreadyRegistered):
        register(cycle, person("dominique@example.org"))
    body = OutgoingMail.objects.filter(to="dominique@example.org").last().body
    assert "déjà inscrit·e à une session de ce cycle : pour vous inscrire au cycle, annulez d'abord" in body
    assert in_session.get_absolute_url() in body
    assert confirm(in_cycle.token).status == CONFIRMED
    assert confirm(in_session.token).status == CONFIRMED
    assert registrations.held_in_session(cycle.second) == 2


def test_two_registrations_of_one_address_confirmed_at_once_hold_one_seat(cycle):
    """Both taken before either was confirmed (the check at registration passed for each): the
    confirmation, under the cycle's lock, gives one seat."""
    in_session = register(cycle.first, person("camille@example.org"))
    in_cycle = Registration.objects.create(cycle=cycle, **{**person("camille@example.org"), "consent": True})
    assert confirm(in_session.token).status == CONFIRMED
    with pytest.raises(RegistrationRefused, match="une seule place par personne"):
        confirm(in_cycle.token)
    assert statuses(in_cycle) == [PENDING]
    assert registrations.held_in_session(cycle.first) == 1


def test_the_same_address_may_register_to_another_session():
    register(SessionFactory(), person("camille@example.org"))
    assert register(SessionFactory(), person("camille@example.org")).status == PENDING


# ---------------------------------------------------------------- refusals


def _now_plus(**delta):
    return timezone.now() + datetime.timedelta(**delta)


INVITED = "Les personnes invitées s'inscrivent par le lien reçu des organisateurs."
REFUSALS = {
    "unpublished": ({"is_published": False}, "Cette session n'est pas publiée."),
    "invitation only": (
        {"openness": Openness.INVITATION},
        "Les inscriptions ne sont pas ouvertes au public : session sur invitation. " + INVITED,
    ),
    "group members only": (
        {"openness": Openness.GROUP},
        "Les inscriptions ne sont pas ouvertes au public : session réservée aux membres d'un groupe. " + INVITED,
    ),
    "cancelled": (
        {"status": SessionStatus.CANCELLED},
        "Cette session est annulée ou reportée : les inscriptions sont fermées.",
    ),
    "postponed": (
        {"status": SessionStatus.POSTPONED},
        "Cette session est annulée ou reportée : les inscriptions sont fermées.",
    ),
    "started": (
        {"starts_at": _now_plus(hours=-1), "ends_at": _now_plus(hours=3)},
        "Cette session a déjà commencé : les inscriptions sont closes.",
    ),
    "closed": ({"registration_closes": _now_plus(days=-1)}, "Les inscriptions sont closes."),
}


@pytest.mark.parametrize("kwargs, message", list(REFUSALS.values()), ids=list(REFUSALS))
def test_registration_is_refused_with_the_reason(kwargs, message):
    session = SessionFactory(**kwargs)
    with pytest.raises(RegistrationRefused) as refused:
        register(session, person("camille@example.org"))
    assert str(refused.value) == message
    assert not Registration.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_registration_before_the_opening_says_when_it_opens():
    opens = in_days(2, hour=14)
    session = SessionFactory(registration_opens=opens)
    with pytest.raises(RegistrationRefused) as refused:
        register(session, person("camille@example.org"))
    assert str(refused.value) == f"Les inscriptions ouvriront le {opens:%d/%m/%Y} à 14:00."
    assert not Registration.objects.exists()


def test_registration_without_consent_is_refused():
    session = SessionFactory()
    with pytest.raises(RegistrationRefused) as refused:
        register(session, person("camille@example.org", consent=False))
    assert str(refused.value) == "Votre accord pour le traitement de vos données est nécessaire pour vous inscrire."
    assert not Registration.objects.exists()


def test_a_cycle_whose_first_session_has_started_refuses_registrations():
    cycle = CycleFactory()
    SessionFactory(cycle=cycle, starts_at=_now_plus(hours=-2), ends_at=_now_plus(hours=2))
    SessionFactory(cycle=cycle)
    with pytest.raises(RegistrationRefused, match="a déjà commencé"):
        register(cycle, person("camille@example.org"))


# ---------------------------------------------------------------- cancellation and promotion


def test_cancelling_promotes_the_first_confirmed_on_the_waiting_list_and_tells_them():
    session = SessionFactory(capacity=1, title="Séminaire")
    seated = registered(session, "assise@example.org")
    registered_first = register(session, person("inscrite-avant@example.org"))
    registered_second = register(session, person("inscrite-apres@example.org"))
    # The line goes by time of confirmation, not of registration.
    confirm(registered_second.token)
    confirm(registered_first.token)

    cancel(seated.token)

    assert statuses(seated, registered_second, registered_first) == [CANCELLED, CONFIRMED, WAITING]
    assert subjects("assise@example.org")[-1] == "Inscription annulée : Séminaire"
    assert subjects("inscrite-apres@example.org")[-1] == "Une place s'est libérée : Séminaire"
    promoted = OutgoingMail.objects.filter(to="inscrite-apres@example.org").last()
    assert f"/agenda/inscription/{registered_second.token}/" in promoted.body
    assert subjects("inscrite-avant@example.org")[-1] == "Liste d'attente : Séminaire"
    assert registrations.waiting_rank(Registration.objects.get(pk=registered_first.pk)) == 1


def test_cancelling_without_a_held_seat_promotes_nobody():
    session = SessionFactory(capacity=1)
    registered(session, "assise@example.org")
    pending = register(session, person("en-suspens@example.org"))
    waiting = registered(session, "attente1@example.org")
    last = registered(session, "attente2@example.org")
    cancel(pending.token)
    cancel(waiting.token)
    assert statuses(pending, waiting, last) == [CANCELLED, CANCELLED, WAITING]
    assert registrations.seats_left(session) == 0


def test_cancelling_twice_changes_nothing():
    session = SessionFactory(capacity=1)
    seated = registered(session, "assise@example.org")
    waiting = registered(session, "attente@example.org")
    cancel(seated.token)
    count = OutgoingMail.objects.count()
    cancel(seated.token)
    assert OutgoingMail.objects.count() == count
    assert statuses(seated, waiting) == [CANCELLED, CONFIRMED]


# ---------------------------------------------------------------- cycles


@pytest.fixture
def cycle():
    """A cycle of two sessions of two seats each; the cycle itself has no limit of its own."""
    cycle = CycleFactory(capacity=None, title="Cycle renouvellement urbain")
    cycle.first = SessionFactory(cycle=cycle, capacity=2, starts_at=in_days(10), title="Première journée")
    cycle.second = SessionFactory(cycle=cycle, capacity=2, starts_at=in_days(17), title="Deuxième journée")
    return cycle


def test_a_cycle_registration_holds_a_seat_in_each_session(cycle):
    first = registered(cycle, "cycle1@example.org")
    assert first.status == CONFIRMED
    assert registrations.seats_left(cycle.first) == 1
    assert registrations.seats_left(cycle.second) == 1
    registered(cycle, "cycle2@example.org")
    assert registrations.seats_left(cycle) == 0
    # The cycle registrants took every seat of the sessions: who registers to one joins the line.
    assert registered(cycle.first, "journee1@example.org").status == WAITING
    assert registered(cycle.second, "journee2@example.org").status == WAITING
    assert registered(cycle, "cycle3@example.org").status == WAITING
    assert cycle.first.registrations.holding_seats().count() == 0
    assert registrations.held_in_session(cycle.first) == 2


def test_a_cycle_registration_waits_when_one_session_is_full(cycle):
    registered(cycle.second, "journee1@example.org")
    registered(cycle.second, "journee2@example.org")
    assert registrations.seats_left(cycle.first) == 2
    assert registered(cycle, "cycle@example.org").status == WAITING


def test_the_cycle_capacity_counts_cycle_registrations_only():
    cycle = CycleFactory(capacity=1)
    first = SessionFactory(cycle=cycle, capacity=None)
    SessionFactory(cycle=cycle, capacity=None)
    assert registered(cycle, "cycle1@example.org").status == CONFIRMED
    assert registered(cycle, "cycle2@example.org").status == WAITING
    assert registered(first, "journee@example.org").status == CONFIRMED
    assert registrations.seats_left(cycle) == 0


def test_cancelling_a_cycle_registration_promotes_the_waiting_of_each_session(cycle):
    leaving = registered(cycle, "cycle1@example.org")
    registered(cycle, "cycle2@example.org")
    first_day = registered(cycle.first, "journee1@example.org")
    second_day = registered(cycle.second, "journee2@example.org")
    assert statuses(first_day, second_day) == [WAITING, WAITING]

    cancel(leaving.token)

    assert statuses(first_day, second_day) == [CONFIRMED, CONFIRMED]
    assert subjects("journee1@example.org")[-1] == "Une place s'est libérée : Première journée"
    assert subjects("journee2@example.org")[-1] == "Une place s'est libérée : Deuxième journée"
    assert registrations.seats_left(cycle.first) == registrations.seats_left(cycle.second) == 0


def test_cancelling_a_cycle_registration_promotes_a_cycle_registrant_first_in_line(cycle):
    leaving = registered(cycle, "cycle1@example.org")
    registered(cycle, "cycle2@example.org")
    next_cycle = registered(cycle, "cycle3@example.org")
    first_day = registered(cycle.first, "journee1@example.org")
    second_day = registered(cycle.second, "journee2@example.org")

    cancel(leaving.token)

    # The cycle registrant confirmed first: the freed seat of each session is theirs.
    assert statuses(next_cycle, first_day, second_day) == [CONFIRMED, WAITING, WAITING]
    assert subjects("cycle3@example.org")[-1] == "Une place s'est libérée : Cycle renouvellement urbain"
    assert registrations.held_in_session(cycle.first) == registrations.held_in_session(cycle.second) == 2


def test_cancelling_a_session_seat_does_not_promote_a_cycle_registrant_still_short_of_a_seat(cycle):
    registered(cycle.first, "journee1@example.org")
    leaving = registered(cycle.first, "journee2@example.org")
    registered(cycle.second, "journee3@example.org")
    registered(cycle.second, "journee4@example.org")
    waiting_cycle = registered(cycle, "cycle@example.org")
    waiting_day = registered(cycle.first, "journee5@example.org")

    cancel(leaving.token)

    # The second session is still full: the cycle registrant keeps waiting, the next one gets the seat.
    assert statuses(waiting_cycle, waiting_day) == [WAITING, CONFIRMED]


# ---------------------------------------------------------------- cancelling a session


def test_cancelling_a_session_tells_everyone_registered():
    session = SessionFactory(capacity=1, title="Visite de site")
    seated = registered(session, "assise@example.org")
    waiting = registered(session, "attente@example.org")
    pending = register(session, person("en-suspens@example.org"))
    gone = registered(session, "partie@example.org")
    cancel(gone.token)

    cancel_session(organiser(session), session)

    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    for reg in (seated, waiting, pending):
        assert subjects(reg.email)[-1] == "Session annulée : Visite de site"
    assert "Session annulée : Visite de site" not in subjects(gone.email)
    # The session stays in the agenda, marked cancelled, and refuses new registrations.
    with pytest.raises(RegistrationRefused, match="annulée ou reportée"):
        register(session, person("nouvelle@example.org"))


def test_cancelling_a_session_of_a_cycle_tells_the_cycle_registrants(cycle):
    registered(cycle, "cycle@example.org")
    registered(cycle.first, "journee@example.org")

    cancel_session(organiser(cycle.first), cycle.first)

    assert subjects("journee@example.org")[-1] == "Session annulée : Première journée"
    assert subjects("cycle@example.org")[-1] == "Session annulée : Première journée"
    body = OutgoingMail.objects.filter(to="cycle@example.org").last().body
    assert "reste valable pour ses autres sessions" in body and "n'a plus d'objet" not in body
    cancel_session(organiser(cycle.second), cycle.second)  # the last session still planned
    body = OutgoingMail.objects.filter(to="cycle@example.org").last().body
    assert "Aucune autre session du cycle" in body and "reste valable" not in body


def test_a_cancelled_session_promotes_nobody_and_tells_nobody_of_a_seat():
    session = SessionFactory(capacity=1, title="Visite de site")
    seated = registered(session, "assise@example.org")
    waiting = registered(session, "attente@example.org")
    cancel_session(organiser(session), session)
    cancel(seated.token)
    assert statuses(seated, waiting) == [CANCELLED, WAITING]
    assert "Une place s'est libérée : Visite de site" not in subjects("attente@example.org")


def test_the_waiting_rank_counts_who_waits_for_the_same_seats(cycle):
    registered(cycle, "cycle1@example.org")
    registered(cycle, "cycle2@example.org")
    first_in_line = registered(cycle, "cycle3@example.org")
    first_day = registered(cycle.first, "journee@example.org")
    second_day = registered(cycle.second, "journee2@example.org")
    # The cycle registrant waits ahead of both; the two days do not compete for the same seat.
    assert [registrations.waiting_rank(r) for r in (first_in_line, first_day, second_day)] == [1, 2, 2]
    assert "au rang 2" in OutgoingMail.objects.filter(to="journee@example.org").last().body
    assert registrations.waiting_rank(registered(cycle, "cycle4@example.org")) == 4


def test_who_waits_for_a_cancelled_session_is_out_of_the_line(cycle):
    for n in range(2):
        registered(cycle.first, f"assise{n}@example.org")
    stuck = registered(cycle.first, "attente-premiere@example.org")
    registered(cycle.second, "assise-seconde1@example.org")
    registered(cycle.second, "assise-seconde2@example.org")
    second_day = registered(cycle.second, "attente-seconde@example.org")
    cancel_session(organiser(cycle.first), cycle.first)
    assert registrations.waiting_rank(second_day) == 1
    assert stuck not in registrations.waiting_line(cycle)
    # Who was registered to the cancelled session may join the cycle.
    assert register(cycle, person("assise0@example.org")).status == PENDING


def test_a_postponed_session_keeps_its_seats_for_the_cycle(cycle):
    registered(cycle.second, "journee1@example.org")
    registered(cycle.second, "journee2@example.org")
    cycle.second.status = SessionStatus.POSTPONED
    cycle.second.save()
    assert registered(cycle, "cycle@example.org").status == WAITING  # its two seats are still taken
    assert registrations.held_in_session(cycle.second) == 2


def test_a_seat_in_a_postponed_session_can_be_cancelled_after_its_former_date():
    session = SessionFactory(capacity=5)
    seated = registered(session, "assise@example.org")
    session.starts_at, session.ends_at = _now_plus(hours=-3), _now_plus(hours=-1)
    session.status = SessionStatus.POSTPONED
    session.save()
    cancel(seated.token)
    assert statuses(seated) == [CANCELLED]


def test_a_held_seat_cannot_be_cancelled_once_the_session_began():
    session = SessionFactory(capacity=1)
    seated = registered(session, "assise@example.org")
    waiting = registered(session, "attente@example.org")
    session.starts_at, session.ends_at = _now_plus(hours=-1), _now_plus(hours=3)
    session.save()
    with pytest.raises(RegistrationRefused, match="^La session a déjà commencé : l'inscription ne peut plus"):
        cancel(seated.token)
    cancel(waiting.token)  # who waits may still leave the line
    assert statuses(seated, waiting) == [CONFIRMED, CANCELLED]


def test_the_cancel_session_service_checks_the_permission_and_the_state_itself():
    """Whoever calls it, not only the organisers' page: nothing changes and nobody is told."""
    session = SessionFactory(capacity=5)
    registered(session, "camille@example.org")
    other_centre = SessionFactory().centre
    with pytest.raises(PermissionDenied):
        cancel_session(MembershipFactory(centre=other_centre).user, session)
    over = SessionFactory(starts_at=in_days(-2, 9), ends_at=in_days(-2, 17))
    with pytest.raises(AlreadyTookPlace, match="^Cette session a déjà eu lieu"):
        cancel_session(organiser(over), over)
    sent = OutgoingMail.objects.count()
    cancel_session(organiser(session), session)
    with pytest.raises(AlreadyCancelled, match="^Cette session est déjà annulée"):
        cancel_session(organiser(session), session)
    session.refresh_from_db()
    over.refresh_from_db()
    assert (session.status, session.sequence, over.status) == (SessionStatus.CANCELLED, 1, SessionStatus.PLANNED)
    assert OutgoingMail.objects.count() == sent + 1  # told once


def test_organisers_enrol_someone_with_a_seat_or_on_the_waiting_list_without_any_mail():
    session = SessionFactory(capacity=1)
    with pytest.raises(PermissionDenied):
        registrations.enrol(UserFactory(), session, person("intrus@example.org"))
    first = registrations.enrol(organiser(session), session, person("premiere@example.org"))
    second = registrations.enrol(organiser(session), session, person("seconde@example.org"))
    assert statuses(first, second) == [CONFIRMED, WAITING]
    assert not OutgoingMail.objects.exists()
