from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...services.loader import FrameworkImportError, framework_is_loaded, load_framework


class Command(BaseCommand):
    help = (
        "Charge le cadre de référence du réseau (data/framework/cadre-2017.json) : documents, versions, "
        "signataires et engagements. Chargé à nouveau, il remet les documents livrés dans l'état du fichier."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", help="Fichier JSON (par défaut : data/framework/cadre-2017.json).")
        parser.add_argument("--if-empty", action="store_true", help="Ne rien faire si un document est déjà chargé.")

    def handle(self, *args, path=None, if_empty=False, **options):
        if if_empty and framework_is_loaded():
            self.stdout.write("Cadre de référence déjà chargé : rien à faire.")
            return
        try:
            report = load_framework(path and Path(path))
        except FrameworkImportError as error:
            raise CommandError("Chargement refusé, rien n'a été modifié :\n- " + "\n- ".join(error.errors)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Cadre de référence chargé : {report.documents} document(s), {report.versions} version(s), "
                f"{report.signatories} signataire(s), {report.commitments} engagement(s)."
            )
        )
