from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...services.contracts import ContractImportError, import_contracts


class Command(BaseCommand):
    help = (
        "Importe la liste des communes et EPCI signataires d'un contrat de ville (CSV). "
        "Remplace la liste chargée. Tout ou rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Fichier CSV (colonne code : code INSEE de la commune ou SIREN de l'EPCI).")
        parser.add_argument("--demo", action="store_true", help="Marquer la liste comme échantillon de démonstration.")

    def handle(self, *args, path, demo=False, **options):
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Impossible de lire le fichier « {path} » : {error.strerror}.") from error
        try:
            report = import_contracts(raw, is_demo=demo, source=Path(path).name)
        except ContractImportError as error:
            raise CommandError(
                "Import refusé, aucune donnée n'a été modifiée :\n- " + "\n- ".join(error.errors)
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.total} signataires importés ({report.communes} communes, {report.epci} EPCI) ; "
                "ils remplacent la liste précédente."
            )
        )
