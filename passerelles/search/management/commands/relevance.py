"""`manage.py relevance` (`make relevance`): the judged collection measured on the real search.

The collection goes into a throw-away SQLite database and search index of a temporary directory
(migrated, the shipped reference data loaded), never into the site's: the command runs itself again
in a child process pointed at them, and that child loads, searches and prints."""

import os
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stderr
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from passerelles.search.relevance.loading import QUERY_SETS, TUNING

SCRATCH_FLAG = "--in-scratch-database"
QUERIES_OPTION = "--queries"


class Command(BaseCommand):
    help = "Mesure la recherche du réseau sur la collection jugée (nDCG@10, rappel@20, MRR par groupe de requêtes)."

    def add_arguments(self, parser):
        parser.add_argument("--details", action="store_true", help="Détailler chaque requête : nDCG@10 et 10 premiers.")
        parser.add_argument(
            QUERIES_OPTION,
            choices=sorted(QUERY_SETS),
            default=TUNING,
            help="Les requêtes mesurées : de mise au point (par défaut) ou l'un des jeux jugés à l'aveugle.",
        )
        parser.add_argument(SCRATCH_FLAG, action="store_true", help="(interne) Base jetable déjà préparée.")

    def handle(self, *args, details=False, in_scratch_database=False, queries=TUNING, **options):
        if in_scratch_database:
            self._measure(details, queries)
        else:
            self._in_scratch_database(details, queries)

    def _in_scratch_database(self, details: bool, queries: str) -> None:
        with tempfile.TemporaryDirectory(prefix="passerelles-relevance-") as work:
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{Path(work) / 'relevance.sqlite3'}",
                "PASSERELLES_SEARCH_INDEX_DIR": str(Path(work) / "search"),
                "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "passerelles.config.settings.dev"),
            }
            command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "relevance", SCRATCH_FLAG]
            command += ["--details"] * details + [QUERIES_OPTION, queries]
            child = subprocess.run(command, env=env, cwd=settings.BASE_DIR, stdout=subprocess.PIPE, text=True)
            self.stdout.write(child.stdout, ending="")
            if child.returncode:
                raise CommandError("La mesure de pertinence a échoué (voir ci-dessus).")

    def _measure(self, details: bool, query_set: str) -> None:
        from passerelles.search.relevance.evaluation import evaluate, report
        from passerelles.search.relevance.loading import (
            COLLECTION_DIR,
            check_judgments,
            load_collection,
            read_documents,
            read_queries,
        )
        from passerelles.search_index.services.indexing import rebuild

        started = time.monotonic()
        documents = read_documents()
        queries = read_queries(COLLECTION_DIR, QUERY_SETS[query_set])
        if errors := check_judgments(documents, queries):
            raise CommandError("\n".join(errors))
        quiet = StringIO()
        call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
        rebuild()  # an empty index first: the reference data reaches it as it is saved (centres are searched)
        with redirect_stderr(quiet):  # progress bars
            call_command("load_geography", stdout=quiet, stderr=quiet)
            call_command("load_centres", stdout=quiet, stderr=quiet)
            call_command("import_thesaurus", stdout=quiet, stderr=quiet)
        ids_by_url = load_collection(documents)
        prepared = time.monotonic()
        measured = evaluate(queries, ids_by_url)
        self.stderr.write(
            f"{len(documents)} documents, {len(queries)} requêtes : préparation {prepared - started:.0f} s, "
            f"recherches {time.monotonic() - prepared:.1f} s."
        )
        self.stdout.write("\n".join(report(measured, details=details)))
