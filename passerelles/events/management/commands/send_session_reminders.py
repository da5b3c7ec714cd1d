"""The reminder the day before (« rappel la veille »): queued for the confirmed registrants of the
sessions starting tomorrow, by the date in Paris. A cycle registrant gets one before each session of
the cycle. Run it once a day (cron, docs/deployment.md); a second run the same day sends nothing."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ...models import Registration, Session
from ...services.agenda import midnight
from ...services.registrations import CLOSED_STATUSES, in_session, notify

ONE_DAY = datetime.timedelta(days=1)


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
            for registration in Registration.objects.holding_seats().filter(in_session(session), not_reminded):
                queued += remind(registration, session, not_reminded)
        self.stdout.write(f"Rappels : {queued} courriel(s) mis en file.")


@transaction.atomic
def remind(registration, session, not_reminded):
    """Mark and queue in one transaction; the mark is a compare-and-set, so two runs at the same
    time still send one reminder."""
    unmarked = Registration.objects.filter(not_reminded, pk=registration.pk)
    if not unmarked.update(reminder_sent_at=timezone.now()):
        return 0
    notify(registration, "reminder", about=session)
    return 1
