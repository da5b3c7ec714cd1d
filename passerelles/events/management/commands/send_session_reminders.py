"""The reminder the day before (« rappel la veille »): queued for the confirmed registrants of the
sessions starting tomorrow, by the date in Paris. A cycle registrant gets one before each session of
the cycle. Run it once a day (cron, docs/deployment.md); a second run the same day sends nothing."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from passerelles.core import mail

from ...models import Registration, Session
from ...services.registrations import CLOSED_STATUSES, SUBJECTS, absolute

ONE_DAY = datetime.timedelta(days=1)


def midnight(day):
    """The start of `day` in the site's time zone (Europe/Paris), as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class Command(BaseCommand):
    help = "Met en file le rappel de la veille pour les personnes inscrites aux sessions de demain."

    def handle(self, *args, **options):
        today = timezone.localdate()
        tomorrow = today + ONE_DAY
        sessions = (
            Session.objects.filter(starts_at__gte=midnight(tomorrow), starts_at__lt=midnight(tomorrow + ONE_DAY))
            .exclude(status__in=CLOSED_STATUSES)
            .select_related("centre", "commune", "cycle")
            .order_by("starts_at", "pk")
        )
        # Not reminded since this morning: a cycle registration was reminded before the cycle's
        # earlier sessions, and gets another reminder before each of the others.
        not_reminded = Q(reminder_sent_at__isnull=True) | Q(reminder_sent_at__lt=midnight(today))
        queued = 0
        for session in sessions:
            seats = Q(session=session) | Q(cycle_id=session.cycle_id) if session.cycle_id else Q(session=session)
            for registration in Registration.objects.holding_seats().filter(seats).filter(not_reminded):
                queued += remind(registration, session, not_reminded)
        self.stdout.write(f"Rappels : {queued} courriel(s) mis en file.")


@transaction.atomic
def remind(registration, session, not_reminded):
    """Mark and queue in one transaction; the mark is a compare-and-set, so two runs at the same
    time still send one reminder."""
    unmarked = Registration.objects.filter(not_reminded, pk=registration.pk)
    if not unmarked.update(reminder_sent_at=timezone.now()):
        return 0
    context = {
        "registration": registration, "target": session, "kind": "reminder",
        "link": absolute(registration.get_absolute_url()), "page": absolute(session.get_absolute_url()),
        "rank": None, "site": settings.PASSERELLES["SITE_TITLE"],
    }  # fmt: skip
    body = render_to_string("events/mail/reminder.txt", context)
    mail.queue(registration.email, SUBJECTS["reminder"].format(title=session.title), body)
    return 1
