from django.core.management.base import BaseCommand, CommandError

from ...services import archive as archives
from ...services.errors import BackupError


class Command(BaseCommand):
    help = (
        "Restaure une archive de `backup` : vérifie toutes les sommes de contrôle avant de rien modifier, "
        "remplace la base et les fichiers, puis reconstruit l'index de recherche."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="L'archive passerelles-AAAAMMJJ-HHMMSS.tar.gz à restaurer.")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="Ne pas demander de confirmation."
        )

    def handle(self, *args, archive, interactive=True, **options):
        def confirm(manifest):
            self.stdout.write(f"Archive du {manifest['created_at']} intacte : {len(manifest['files'])} fichier(s).")
            if interactive:
                answer = input("La base et les fichiers du site vont être remplacés. Tapez « oui » pour continuer : ")
                if answer.strip().lower() != "oui":
                    raise BackupError("Restauration annulée : rien n'a été modifié.")

        try:
            archives.restore(archive, progress=self.stdout.write, confirm=confirm)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Restauration terminée : redémarrez les processus du site."))
