"""Periodic work of the sessions: the day-before reminders and the purges of registrations."""

from datetime import time, timedelta

from django.core.management import call_command
from django_tasks import task

from passerelles.core.clock import daily, every


@daily(time(18))
@task()
def send_session_reminders() -> None:
    call_command("send_session_reminders", verbosity=0)


@every(timedelta(hours=1))
@task()
def purge_registrations() -> None:
    call_command("purge_registrations", verbosity=0)
