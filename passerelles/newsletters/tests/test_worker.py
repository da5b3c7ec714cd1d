"""A newsletter to 1,000 people on the real task queue: the worker is killed in the middle of the
send (the SMTP server stops answering at the 451st message), the clock resumes the job, and every
recipient gets exactly one message."""

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone

from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre
from passerelles.contacts.enums import Purpose
from passerelles.contacts.models import ConsentRecord, Contact, Group, sort_name
from passerelles.core import clock, jobs
from passerelles.core.models import Job, OutgoingMail, PeriodicRun
from passerelles.testing.tasks import wait_until

from ..enums import IssueStatus
from ..models import Delivery, Issue
from ..services import sending

COUNT = 1000


def big_group(centre, count):
    contacts = Contact.objects.bulk_create(
        Contact(centre=centre, last_name=f"Nom{n}", email=f"p{n:04d}@example.org", sort_name=sort_name(f"Nom{n}", ""))
        for n in range(count)
    )
    ConsentRecord.objects.bulk_create(
        ConsentRecord(contact=contact, purpose=Purpose.NEWSLETTER, source="test") for contact in contacts
    )
    group = Group.objects.create(centre=centre, name="Tout le monde")
    group.contacts.add(*contacts)
    return group


def a_minute_later():
    PeriodicRun.objects.update(last_at=timezone.now() - datetime.timedelta(minutes=1))
    clock.tick()


def test_a_worker_killed_mid_send_resumes_and_each_recipient_gets_one_message(task_worker, smtp_server):
    centre = Centre.objects.get(slug="pb")
    group = big_group(centre, COUNT)
    user = MembershipFactory(centre=centre, role="reviewer").user
    issue = Issue.objects.create(centre=centre, title="La grande lettre", editorial="Bonjour.")
    with transaction.atomic():
        issue = sending.start(issue, user, [group], False)

    smtp_server.hold_at = 450  # the server stops answering the sender of the 451st message
    worker = task_worker.start(PASSERELLES_NEWSLETTER_CHUNK="100")
    assert smtp_server.holding.wait(180)
    task_worker.kill(worker)  # killed in the middle of the 451st message, half the list queued
    smtp_server.release.set()
    assert len(smtp_server.messages) == 450
    queued = Delivery.objects.filter(issue=issue).count()
    assert 450 < queued < COUNT
    assert Job.objects.get(pk=issue.job_id).state == Job.State.RUNNING

    # Later, the clock finds the job silent and enqueues it again; a worker takes it up.
    Job.objects.filter(pk=issue.job_id).update(heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
    assert jobs.resume_stalled() == 1
    task_worker.run_until_empty()
    # The message the killed worker had claimed waits for its claim to lapse, then goes.
    OutgoingMail.objects.filter(sent_at__isnull=True).update(
        claimed_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    a_minute_later()
    task_worker.run_until_empty()

    wait_until(lambda: len(smtp_server.messages) >= COUNT, timeout=60, message="les messages ne sont pas tous partis")
    received = Counter(message["To"] for message in smtp_server.messages)
    assert len(received) == COUNT and set(received.values()) == {1}
    assert Delivery.objects.filter(issue=issue).count() == COUNT
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    job = Job.objects.get(pk=issue.job_id)
    assert job.state == Job.State.DONE and job.done == COUNT and job.runs == 2
