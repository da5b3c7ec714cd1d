from django.conf import settings
from django.core.management.base import BaseCommand

from passerelles.core.purge import purge_logs

from ...password_reset import forget_sent_mails


class Command(BaseCommand):
    help = (
        "Efface les journaux de connexion (django-axes) de plus de PASSERELLES_SIGN_IN_LOG_RETENTION_MONTHS mois "
        "(12 par défaut), les sessions expirées, les compteurs de limitation échus et les courriels de nouveau "
        "mot de passe envoyés ou expirés. À lancer chaque jour."
    )

    def handle(self, *args, **options):
        months = settings.PASSERELLES["SIGN_IN_LOG_RETENTION_MONTHS"]
        done = purge_logs()
        reset_mails = forget_sent_mails()
        self.stdout.write(
            f"Journaux de connexion de plus de {months} mois effacés : {done.attempts} tentative(s) en cours, "
            f"{done.access_logs} connexion(s), {done.failure_logs} échec(s)."
        )
        if done.sessions is None:
            self.stdout.write("Sessions : le moteur de sessions les expire lui-même.")
        else:
            self.stdout.write(f"Sessions expirées effacées : {done.sessions}.")
        self.stdout.write(f"Compteurs de limitation échus effacés : {done.throttles}.")
        self.stdout.write(f"Courriels de nouveau mot de passe effacés : {reset_mails}.")
