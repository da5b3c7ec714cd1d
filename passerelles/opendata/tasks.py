"""Periodic work of the open data: the nightly dumps of everything published."""

from datetime import time

from django.core.management import call_command
from django_tasks import task

from passerelles.core.clock import daily


@daily(time(4, 30))
@task()
def build_open_data() -> None:
    call_command("build_open_data", verbosity=0)
