from django.conf import settings
from django.core.management.base import BaseCommand

from ...services.retention import purge_pending, purge_registrations


class Command(BaseCommand):
    help = (
        "Efface les inscriptions jamais confirmées PASSERELLES_PENDING_REGISTRATION_HOURS heures (48 par défaut) "
        "après la demande, et les inscriptions des sessions terminées depuis plus de "
        "PASSERELLES_REGISTRATION_RETENTION_MONTHS mois (12 par défaut), avec les courriels qui leur ont été "
        "envoyés, en gardant des décomptes anonymes. À lancer toutes les heures."
    )

    def handle(self, *args, **options):
        self.pending()
        self.ended()

    def pending(self):
        hours = settings.PASSERELLES["PENDING_REGISTRATION_HOURS"]
        done = purge_pending()
        if done.postponed:
            self.stdout.write(
                f"{done.postponed} inscription(s) non confirmée(s) remise(s) à la prochaine fois : un courriel "
                "est en cours d'envoi."
            )
        if not done.registrations:
            self.stdout.write(f"Aucune inscription non confirmée depuis plus de {hours} heures à effacer.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Inscriptions non confirmées depuis plus de {hours} heures effacées : {done.registrations} "
                f"inscription(s), {done.mails} courriel(s)."
            )
        )

    def ended(self):
        months = settings.PASSERELLES["REGISTRATION_RETENTION_MONTHS"]
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
