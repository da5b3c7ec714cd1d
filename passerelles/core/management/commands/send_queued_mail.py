import time

from django.core.management.base import BaseCommand

from ...mail import send_due


class Command(BaseCommand):
    help = "Envoie les courriels en attente (et réessaie ceux dont l'envoi a échoué)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=int, metavar="SECONDES", help="Recommencer toutes les SECONDES secondes.")

    def handle(self, *args, loop=None, **options):
        while True:
            sent, failed = send_due()
            if sent or failed or options["verbosity"] > 1:
                self.stdout.write(f"Courriels : {sent} envoyé(s), {failed} échec(s) (nouvel essai plus tard).")
            if not loop:
                return
            time.sleep(loop)
