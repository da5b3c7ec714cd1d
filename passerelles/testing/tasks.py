"""Real workers of the task queue for the tests: `db_worker` processes of django-tasks-db on the
suite's database (committed data only: the tests that use them need `transactional_db`)."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from .threads import require_file_database

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


def url_of_test_database():
    """The suite's database, for another process."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
        return f"postgres://{user}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


class Workers:
    """Starts `db_worker` processes sharing the suite's database, mail server and search index."""

    def __init__(self):
        self.processes = []

    def environment(self, **extra):
        return dict(
            os.environ,
            DATABASE_URL=url_of_test_database(),
            DJANGO_SETTINGS_MODULE="passerelles.config.settings.test",
            PASSERELLES_TASK_BACKEND=DATABASE_BACKEND,
            EMAIL_PORT=str(settings.EMAIL_PORT),
            PASSERELLES_SEARCH_INDEX_DIR=str(settings.PASSERELLES["SEARCH_INDEX_DIR"]),
            PASSERELLES_MAIL_RATE_PER_SECOND=str(settings.PASSERELLES["MAIL_RATE_PER_SECOND"]),
            PASSERELLES_JOB_STALL_SECONDS=str(settings.PASSERELLES["JOB_STALL_SECONDS"]),
            **extra,
        )

    def start(self, *arguments, **environment):
        """One more worker; `--batch` makes it stop once the queue is empty."""
        command = [
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
            *arguments,
        ]
        # Its output goes to a file: a pipe nobody reads would fill up and stop the worker.
        log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115  (closed by stop_all)
        process = subprocess.Popen(command, env=self.environment(**environment), stdout=log, stderr=subprocess.STDOUT)
        self.processes.append((process, log))
        return process

    def output(self, process):
        [log] = [log for started, log in self.processes if started is process]
        log.seek(0)
        return log.read()

    def run_until_empty(self, timeout=300):
        """A worker that runs what is queued, then stops; its output."""
        process = self.start("--batch")
        process.wait(timeout=timeout)
        assert process.returncode == 0, self.output(process)
        return self.output(process)

    def kill(self, process):
        """As a crash would: no chance to finish the task at hand."""
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self):
        for process, log in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    self.kill(process)
            log.close()
        self.processes = []


def wait_until(condition, timeout=120, message="la condition attendue n'est pas venue"):
    """Poll `condition` (a callable) until it is true; fail with `message` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.1)


@pytest.fixture
def task_worker(transactional_db, shipped_data_put_back, settings):
    """Tasks go to the database queue (as in production) and real workers run them. Committed data
    is emptied after the test, then the shipped data put back (conftest)."""
    require_file_database()
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND}}
    workers = Workers()
    yield workers
    workers.stop_all()
