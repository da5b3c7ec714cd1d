"""Harvest the centres' agendas and news feeds now (the clock does it every 3 hours): every active
feed, or those given by their number."""

from django.core.management.base import BaseCommand

from ...enums import HarvestStatus
from ...models import FeedSource
from ...services.harvest import harvest


class Command(BaseCommand):
    help = "Moissonne les agendas et flux d'actualités des centres (tous les flux actifs, ou ceux indiqués)."

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="*", type=int, help="numéros des flux (par défaut : tous les flux actifs)")

    def handle(self, *args, sources=(), **options):
        feeds = FeedSource.objects.filter(pk__in=sources) if sources else FeedSource.objects.filter(active=True)
        failed = 0
        for source in feeds.select_related("centre").order_by("pk"):
            outcome = harvest(source)
            failed += outcome.status == HarvestStatus.ERROR
            self.stdout.write(f"{source.pk} {source} : {HarvestStatus(outcome.status).label} — {outcome.message}")
        if failed:
            self.stderr.write(f"{failed} flux en erreur.")
