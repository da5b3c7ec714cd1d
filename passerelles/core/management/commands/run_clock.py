import time

from django.core.management.base import BaseCommand

from ...clock import periodic, tick


class Command(BaseCommand):
    help = "Lance les tâches périodiques quand leur heure est venue (un processus à côté des workers)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Un seul passage, puis s'arrêter.")
        parser.add_argument("--interval", type=float, default=15, metavar="SECONDES")

    def handle(self, *args, once=False, interval=15, **options):
        if options["verbosity"] > 1:
            for name, (every, at, _) in sorted(periodic().items()):
                self.stdout.write(f"{name} : " + (f"chaque jour à {at:%H:%M}" if at else f"toutes les {every}"))
        while True:
            for name in tick():
                if options["verbosity"] > 1:  # every minute: kept out of the terminal of `make run`
                    self.stdout.write(f"Tâche mise en file : {name}")
            if once:
                return
            time.sleep(interval)
