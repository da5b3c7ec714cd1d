from django.conf import settings
from django.core.management.base import BaseCommand

from ...services.retention import purge_registrations


class Command(BaseCommand):
    help = (
        "Efface les inscriptions des sessions terminées depuis plus de PASSERELLES_REGISTRATION_RETENTION_MONTHS "
        "mois (12 par défaut), et les courriels qui leur ont été envoyés, en gardant des décomptes anonymes."
    )

    def handle(self, *args, **options):
        months = settings.PASSERELLES.get("REGISTRATION_RETENTION_MONTHS", 12)
        done = purge_registrations()
        if done.postponed:
            self.stdout.write(
                f"{done.postponed} session(s) ou cycle(s) remis à la prochaine fois : un courriel à leurs inscrits "
                "est en cours d'envoi."
            )
        if not done.registrations and not done.mails:
            self.stdout.write(f"Aucune inscription de plus de {months} mois à effacer.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Inscriptions de plus de {months} mois effacées : {done.registrations} inscription(s) "
                f"de {done.sessions} session(s) et {done.cycles} cycle(s), {done.mails} courriel(s) ; "
                f"{done.tallies} décompte(s) anonyme(s) conservé(s)."
            )
        )
