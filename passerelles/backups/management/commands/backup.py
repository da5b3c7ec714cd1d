from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ...services import archive
from ...services.errors import BackupError


class Command(BaseCommand):
    help = (
        "Sauvegarde le site dans une archive datée : base de données, fichiers publics et privés, "
        "avec un manifeste et les sommes de contrôle."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(settings.BASE_DIR / "var" / "backups"),
            help="Dossier des archives (par défaut var/backups).",
        )
        parser.add_argument(
            "--keep", type=int, default=None, help="Garder seulement les N archives les plus récentes de ce dossier."
        )

    def handle(self, *args, output, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep doit valoir au moins 1.")
        try:
            path = archive.create(output, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = path.stat().st_size / 1_000_000
        self.stdout.write(f"Sauvegarde écrite : {path} ({size:.1f} Mo), somme de contrôle dans {path.name}.sha256.")
