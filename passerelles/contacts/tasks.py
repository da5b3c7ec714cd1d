"""Background work of the contacts: checking and writing a large import (a job its sender follows),
and the daily purge of contacts idle for longer than PASSERELLES["CONTACT_IDLE_DAYS"]."""

from datetime import time

from django_tasks import task

from passerelles.core import jobs
from passerelles.core.clock import daily

from .enums import ImportState
from .models import ContactImport
from .services import importing, personal_data


def _lines(contact_import):
    return bytes(contact_import.content).count(b"\n")


@task()
def check_import(job_id: str, import_id: int) -> None:
    with jobs.run(job_id) as progress:
        if not progress.active:
            return
        contact_import = ContactImport.objects.get(pk=import_id)
        if contact_import.state == ImportState.CHECKING:  # a run after a crash starts over: nothing written
            progress.set_done(0)
            progress.set_total(_lines(contact_import))
            importing.run_check(contact_import, progress.advance)
        progress.finish("Vérification terminée : voyez le compte rendu.", contact_import.get_absolute_url())


@task()
def confirm_import(job_id: str, import_id: int) -> None:
    with jobs.run(job_id) as progress:
        if not progress.active:
            return
        contact_import = ContactImport.objects.select_related("centre").get(pk=import_id)
        progress.set_done(0)
        progress.set_total(_lines(contact_import))
        # One transaction: a run cut short wrote nothing and does it all again; a finished one is skipped.
        importing.confirm(contact_import, progress.job.started_by, progress.advance)
        contact_import.refresh_from_db()
        progress.finish(f"Import : {contact_import.get_state_display()}.", contact_import.get_absolute_url())


@daily(time(3))
@task()
def purge_idle_contacts() -> None:
    personal_data.purge_all()
