from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Prépare la base : migrations, géographie, annuaire des centres et, si demandé, démonstration."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Charger aussi les données de démonstration.")

    def handle(self, *args, demo=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_geography", if_empty=True)
        call_command("load_centres")
        call_command("import_thesaurus", if_empty=True)
        call_command("load_framework", if_empty=True)
        if demo:
            call_command("load_demo", if_empty=True)
        call_command("refresh_indicators", if_missing=True)
        call_command("rebuild_search_index", if_missing=True, verbosity=0)
        call_command("build_open_data", if_stale=True, verbosity=0)
