from django.core.management.base import BaseCommand, CommandError

from ...datasets import DATASETS
from ...services import dumps


class Command(BaseCommand):
    help = "Produit les fichiers de données ouvertes (CSV et JSON zippés, schémas, licence) de tout ce qui est publié."

    def add_arguments(self, parser):
        parser.add_argument(
            "datasets", nargs="*", help=f"Jeux de données parmi {', '.join(DATASETS)} (tous par défaut)."
        )
        parser.add_argument(
            "--if-stale", action="store_true", help="Seulement si un jeu de données n'a pas de fichier du jour."
        )

    def handle(self, *args, datasets=(), if_stale=False, **options):
        unknown = [name for name in datasets if name not in DATASETS]
        if unknown:
            raise CommandError(f"Jeu de données inconnu : {', '.join(unknown)}. Possibles : {', '.join(DATASETS)}.")
        if if_stale and not dumps.is_stale():
            return
        try:
            lines = dumps.build(list(datasets) or None)
        except dumps.BuildFailed as error:
            raise CommandError(
                f"Échec de la production de : {error}. "
                "Les fichiers précédents sont conservés (détails dans le journal)."
            ) from error
        if options["verbosity"]:
            for name, line in lines.items():
                self.stdout.write(f"{name} : {line['records']} lignes, {line['bytes']} octets ({line['date']})")
