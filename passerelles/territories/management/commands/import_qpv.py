from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...enums import QpvGeneration
from ...services.qpv import QpvImportError, import_qpv


class Command(BaseCommand):
    help = "Importe la liste officielle des quartiers prioritaires (CSV de l'ANCT). Tout ou rien."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Fichier CSV (colonnes code_qp, lib_qp, insee_com au minimum).")
        parser.add_argument("--generation", choices=QpvGeneration.values, help="Génération des quartiers.")
        parser.add_argument("--demo", action="store_true", help="Marquer les quartiers comme démonstration.")

    def handle(self, *args, path, generation=None, demo=False, **options):
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Impossible de lire le fichier « {path} » : {error.strerror}.") from error
        try:
            report = import_qpv(raw, generation=generation, is_demo=demo)
        except QpvImportError as error:
            raise CommandError(
                "Import refusé, aucune donnée n'a été modifiée :\n- " + "\n- ".join(error.errors)
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.total} quartiers importés ({report.created} créés, {report.updated} mis à jour), "
                f"{report.communes_linked} liens vers des communes."
            )
        )
