from django.core.management.base import BaseCommand
from django.db.models import Min
from django.utils import timezone

from passerelles.events.models import Session
from passerelles.indicators.services import activity


class Command(BaseCommand):
    help = "Recalculer les indicateurs d'activité des centres à partir des données."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="Année à recalculer (plusieurs possibles).")
        parser.add_argument(
            "--if-missing", action="store_true", help="Seulement les années sans indicateurs enregistrés."
        )

    def handle(self, *args, year=None, if_missing=False, **options):
        years = year or self._years_with_activity()
        if if_missing:
            years = activity.missing_years(years)
        for one in years:
            activity.refresh(one)
        self.stdout.write(f"Indicateurs recalculés : {', '.join(map(str, years)) or 'aucune année'}.")

    def _years_with_activity(self):
        this_year = timezone.localdate().year
        first = Session.objects.aggregate(first=Min("starts_at"))["first"]
        start = min(timezone.localtime(first).year, this_year) if first else this_year
        return list(range(start, this_year + 1))
