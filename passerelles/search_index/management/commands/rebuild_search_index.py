from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ...engine import SearchUnavailable, get_engine
from ...services import indexing


class Command(BaseCommand):
    help = (
        "Reconstruit l'index de recherche à partir de la base, dans un dossier neuf qui remplace l'ancien "
        "(même absent ou endommagé) une fois complet ; ou applique seulement les changements en attente."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pending", action="store_true", help="Appliquer seulement les changements en attente (file d'envoi)."
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Reconstruire seulement si l'index manque ou est illisible (sinon, appliquer ce qui attend).",
        )

    def handle(self, *args, pending=False, if_missing=False, **options):
        usable = get_engine().exists()
        if pending or (if_missing and usable):
            try:
                if not usable:
                    raise SearchUnavailable("No readable search index.")
                count = indexing.apply_pending()
            except SearchUnavailable as error:
                raise CommandError(
                    "L'index de recherche est absent ou endommagé : lancez « manage.py rebuild_search_index » "
                    "pour le reconstruire."
                ) from error
            self.stdout.write(f"Index de recherche à jour ({count} changement(s) appliqué(s)).")
            return
        total = indexing.count_public()
        with tqdm(total=total, unit="doc", desc="Index de recherche", disable=options["verbosity"] == 0) as bar:
            count = indexing.rebuild(progress=bar.update)
        self.stdout.write(f"Index de recherche reconstruit : {count} document(s).")
