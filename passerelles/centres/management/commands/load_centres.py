from django.core.management.base import BaseCommand, CommandError

from ...services.importer import CentreImportError, import_centres


class Command(BaseCommand):
    help = "Charge l'annuaire initial des centres (data/centres/centres.csv)."

    def add_arguments(self, parser):
        parser.add_argument("--path", help="Fichier CSV (par défaut : data/centres/centres.csv).")
        parser.add_argument(
            "--update", action="store_true", help="Écraser les centres déjà présents (corrections comprises)."
        )

    def handle(self, *args, path=None, update=False, **options):
        try:
            created = import_centres(path, update=update)
        except CentreImportError as error:
            raise CommandError("Import refusé, rien n'a été modifié :\n- " + "\n- ".join(error.errors)) from error
        self.stdout.write(self.style.SUCCESS(f"Annuaire chargé : {created} centre(s) créé(s)."))
