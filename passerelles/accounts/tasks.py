"""Periodic work of the accounts: the purge of logs past their retention."""

from datetime import time

from django.core.management import call_command
from django_tasks import task

from passerelles.core.clock import daily


@daily(time(3, 40))
@task()
def purge_logs() -> None:
    call_command("purge_logs", verbosity=0)
