from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ...models import Concept
from ...services.skos import SkosImportError, import_skos


class Command(BaseCommand):
    help = "Importe un vocabulaire SKOS (Turtle ou RDF/XML). Tout ou rien."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Fichier SKOS (par défaut : le thésaurus livré).")
        parser.add_argument("--format", choices=["turtle", "xml"], help="Format (deviné sinon).")
        parser.add_argument("--if-empty", action="store_true", help="Ne rien faire si un thésaurus est chargé.")

    def handle(self, *args, path=None, format=None, if_empty=False, **options):
        if if_empty and Concept.objects.exists():
            self.stdout.write("Thésaurus déjà chargé : rien à faire.")
            return
        path = Path(path or settings.PASSERELLES["THESAURUS_FILE"])
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Impossible de lire le fichier « {path} » : {error.strerror}.") from error
        try:
            report = import_skos(raw, format)
        except SkosImportError as error:
            raise CommandError("Import refusé, rien n'a été modifié :\n- " + "\n- ".join(error.errors)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Thésaurus : {report.created} concepts créés, {report.updated} mis à jour.")
        )
