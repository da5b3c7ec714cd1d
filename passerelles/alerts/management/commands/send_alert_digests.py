from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from passerelles.alerts.enums import Frequency
from passerelles.alerts.services import digest


class Command(BaseCommand):
    help = (
        "Queue the digests of alerts of one frequency for the period of now (or --until), in this "
        "process. People already served for that period are skipped. The clock starts them as jobs."
    )

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=Frequency.values)
        parser.add_argument("--until", help="ISO date and time (default: now)")

    def handle(self, frequency, until=None, **options):
        try:
            moment = datetime.fromisoformat(until) if until else timezone.now()
        except ValueError as error:
            raise CommandError(f"--until : date non valable ({error}).") from error
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        outcome = digest.send_digests(frequency, moment)
        self.stdout.write(
            f"{digest.period_of(frequency, moment)} : {outcome.sent} lettre(s), {outcome.empty} sans nouveauté, "
            f"{outcome.skipped} déjà servie(s) ou désabonnée(s), sur {outcome.people} personne(s)."
        )
