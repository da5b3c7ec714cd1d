from django.core.management.base import BaseCommand
from tqdm import tqdm

from ...services.geography import geography_is_loaded, load_geography


class Command(BaseCommand):
    help = "Charge la géographie officielle (COG) depuis le fichier livré avec le produit."

    def add_arguments(self, parser):
        parser.add_argument("--path", help="Fichier compact (par défaut : data/geography/cog.csv.gz).")
        parser.add_argument("--if-empty", action="store_true", help="Ne rien faire si une géographie est déjà chargée.")

    def handle(self, *args, path=None, if_empty=False, **options):
        if if_empty and geography_is_loaded():
            self.stdout.write("Géographie déjà chargée : rien à faire.")
            return
        with tqdm(total=7, desc="Géographie", unit="étape", disable=options["verbosity"] == 0) as bar:
            report = load_geography(path, progress=lambda step, total: bar.update(step - bar.n))
        counts = ", ".join(f"{count} {kind}" for kind, count in report.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"COG {report.cog_year} chargé : {counts} ; {report.ancestry_links} liens d'appartenance, "
                f"{report.postcodes} codes postaux."
            )
        )
