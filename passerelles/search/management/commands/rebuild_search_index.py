from django.core.management.base import BaseCommand
from tqdm import tqdm

from ...engine import get_engine
from ...services import indexing


class Command(BaseCommand):
    help = "Reconstruit l'index de recherche à partir de la base (ou applique seulement les changements en attente)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--pending", action="store_true", help="Appliquer seulement les changements en attente (file d'envoi)."
        )
        parser.add_argument(
            "--if-missing", action="store_true", help="Reconstruire seulement si l'index n'existe pas encore."
        )

    def handle(self, *args, pending=False, if_missing=False, **options):
        if pending or (if_missing and get_engine().exists()):
            count = indexing.apply_pending()
            self.stdout.write(f"Index de recherche à jour ({count} changement(s) appliqué(s)).")
            return
        total = indexing.count_public()
        with tqdm(total=total, unit="doc", desc="Index de recherche", disable=options["verbosity"] == 0) as bar:
            count = indexing.rebuild(progress=bar.update)
        self.stdout.write(f"Index de recherche reconstruit : {count} document(s).")
