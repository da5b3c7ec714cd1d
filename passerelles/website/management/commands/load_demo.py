from django.core.management.base import BaseCommand

from ...demo import DATASETS, DEMO_PASSWORD, load_demo
from ...models import DemoDataset


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (comptes, quartiers prioritaires, contrats de ville, fiches, "
        "publications, sessions, cofinancements, agréments, rapports, répartition de l'enveloppe)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Ne rien faire si la démo est déjà chargée.")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and DemoDataset.objects.filter(name__in=DATASETS).count() == len(DATASETS):
            self.stdout.write("Données de démonstration déjà chargées : rien à faire.")
            return
        accounts = load_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Données de démonstration chargées. Comptes (mot de passe « {DEMO_PASSWORD} ») :")
        )
        for account in accounts:
            self.stdout.write(f"  {account.email}")
