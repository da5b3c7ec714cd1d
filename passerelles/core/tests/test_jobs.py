"""Long jobs: the person who started one follows its progress and may stop it; nobody else sees it;
a job whose worker died is enqueued again and goes on where it stopped."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks import task

from passerelles.accounts.tests.factories import UserFactory
from passerelles.core import jobs
from passerelles.core.models import Job

pytestmark = pytest.mark.django_db
DONE_ITEMS: list[int] = []


@task()
def count_to(job_id: str, until: int, stop_at: int | None = None) -> None:
    """A job that counts, skipping what a previous run did (as every job must)."""
    with jobs.run(job_id) as job:
        job.set_total(until)
        for n in range(job.job.done, until):
            if job.stop_requested():
                return
            DONE_ITEMS.append(n)
            job.advance()
            if n + 1 == stop_at:
                Job.objects.filter(pk=job.job.pk).update(stop_requested=True)
        job.finish(message=f"{until} éléments comptés.", url="/")


@pytest.fixture(autouse=True)
def _empty():
    DONE_ITEMS.clear()


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_job_runs_and_its_owner_follows_it(django_capture_on_commit_callbacks):
    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start("Compter", owner, count_to, until=5)
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.percent, job.message) == ("done", 5, 5, 100, "5 éléments comptés.")
    page = signed_in(owner).get(job.get_absolute_url())
    assert "Terminée" in page.content.decode() and "5 éléments comptés." in page.content.decode()
    assert signed_in(owner).get(f"/taches/{job.pk}/etat.json").json()["finished"] is True


def test_nobody_else_sees_or_stops_a_job():
    job = jobs.start("Compter", UserFactory(), count_to, until=5)
    other = signed_in(UserFactory())
    assert other.get(job.get_absolute_url()).status_code == 404
    assert other.post(f"/taches/{job.pk}/arreter/").status_code == 404
    assert Client().get(job.get_absolute_url()).status_code == 302  # to the sign-in page
    job.refresh_from_db()
    assert not job.stop_requested


def test_a_stop_request_stops_the_job_after_the_item_at_hand(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start("Compter", UserFactory(), count_to, until=10, stop_at=3)
    job.refresh_from_db()
    assert (job.state, job.done, DONE_ITEMS) == ("cancelled", 3, [0, 1, 2])


def test_a_pending_job_stopped_by_its_owner_never_starts():
    owner = UserFactory()
    job = jobs.start("Compter", owner, count_to, until=5)
    signed_in(owner).post(f"/taches/{job.pk}/arreter/")
    count_to.call(job_id=str(job.pk), until=5)
    job.refresh_from_db()
    assert (job.state, DONE_ITEMS) == ("cancelled", [])


def test_a_stalled_job_is_resumed_where_it_stopped(settings):
    job = jobs.start("Compter", UserFactory(), count_to, until=6)
    # A worker counted three, then died: the job still says running, with an old heartbeat.
    old = timezone.now() - datetime.timedelta(seconds=settings.PASSERELLES["JOB_STALL_SECONDS"] + 1)
    Job.objects.filter(pk=job.pk).update(state="running", done=3, total=6, heartbeat_at=old)
    count_to.call(job_id=str(job.pk), until=6)  # a duplicate delivery while it is stalled…
    assert DONE_ITEMS == [3, 4, 5]  # …takes it over and goes on from where it was
    job.refresh_from_db()
    assert (job.state, job.done) == ("done", 6)


def test_a_running_job_is_not_run_twice_at_once():
    job = jobs.start("Compter", UserFactory(), count_to, until=4)
    Job.objects.filter(pk=job.pk).update(state="running", heartbeat_at=timezone.now())
    count_to.call(job_id=str(job.pk), until=4)
    assert DONE_ITEMS == []  # another worker holds it


def test_resume_stalled_enqueues_the_task_again():
    job = jobs.start("Compter", UserFactory(), count_to, until=3)
    old = timezone.now() - datetime.timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(state="running", heartbeat_at=old)
    assert jobs.resume_stalled() == 1  # the immediate backend of the tests runs it at once
    job.refresh_from_db()
    assert (job.state, DONE_ITEMS) == ("done", [0, 1, 2])
    assert jobs.resume_stalled() == 0
