"""The outbox on the real task queue: `db_worker` processes of django-tasks-db send the mail of a
committed transaction through a real SMTP server; a server that is down delays mail and loses none;
two workers send each message once; a worker killed in the middle of a send leaves nothing sent
twice and nothing lost. And the clock that enqueues periodic tasks."""

import datetime
import socket

import pytest
from django.db import transaction
from django.utils import timezone

from passerelles.core import clock, mail
from passerelles.core.models import OutgoingMail, PeriodicRun
from passerelles.testing.tasks import wait_until


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def queue_many(count, prefix="personne"):
    with transaction.atomic():
        for n in range(count):
            mail.queue(f"{prefix}{n}@example.org", f"Message {n}", "Bonjour.")


def recipients(server):
    return sorted(message["To"] for message in server.messages)


def expected(count, prefix="personne"):
    return sorted(f"{prefix}{n}@example.org" for n in range(count))


def test_committed_mail_is_sent_by_a_worker(task_worker, smtp_server):
    queue_many(5)
    assert smtp_server.messages == []  # the web process sends nothing itself
    output = task_worker.run_until_empty()
    assert "send_outbox" in output
    assert recipients(smtp_server) == expected(5)
    assert not OutgoingMail.objects.filter(sent_at__isnull=True).exists()


def test_a_server_down_delays_the_mail_and_loses_none(task_worker, smtp_server, settings):
    up, settings.EMAIL_PORT = settings.EMAIL_PORT, closed_port()
    queue_many(3)
    task_worker.run_until_empty()
    [first, *_] = OutgoingMail.objects.order_by("pk")
    assert first.attempts == 1 and first.sent_at is None and "ConnectionRefused" in first.last_error
    assert first.next_attempt_at > timezone.now()  # a retry is scheduled
    retry = OutgoingMail.objects.filter(sent_at__isnull=True).count()
    assert retry == 3

    settings.EMAIL_PORT = up  # the relay is back; the retry falls due
    OutgoingMail.objects.update(next_attempt_at=timezone.now())
    a_minute_later()  # the clock enqueues the sender every minute, whatever happens
    task_worker.run_until_empty()
    assert recipients(smtp_server) == expected(3)


def test_two_workers_send_each_message_once(task_worker, smtp_server):
    queue_many(120)
    workers = [task_worker.start(), task_worker.start()]
    wait_until(lambda: len(smtp_server.messages) >= 120, message="les 120 messages ne sont pas partis")
    task_worker.stop_all()
    assert all(worker.returncode is not None for worker in workers)
    assert recipients(smtp_server) == expected(120)
    assert set(OutgoingMail.objects.values_list("attempts", flat=True)) == {1}


def test_a_worker_killed_mid_send_resumes_without_sending_twice(task_worker, smtp_server):
    queue_many(40)
    smtp_server.hold_at = 15  # the server stops answering the sender of the sixteenth message
    worker = task_worker.start()
    assert smtp_server.holding.wait(120)
    task_worker.kill(worker)  # killed in the middle of the sixteenth message
    smtp_server.release.set()
    assert OutgoingMail.objects.filter(sent_at__isnull=False).count() == 15
    [claimed] = OutgoingMail.objects.filter(sent_at__isnull=True, claimed_until__isnull=False)

    # The killed worker's task is lost with it; the clock's next minute enqueues the sender again.
    task_worker.run_until_empty()
    assert OutgoingMail.objects.filter(sent_at__isnull=True).count() == 25
    a_minute_later()
    task_worker.run_until_empty()
    # Everything is sent but the claimed message, which waits for its claim to lapse (five minutes).
    assert OutgoingMail.objects.filter(sent_at__isnull=True).get() == claimed
    OutgoingMail.objects.filter(pk=claimed.pk).update(claimed_until=timezone.now() - datetime.timedelta(seconds=1))
    a_minute_later()
    task_worker.run_until_empty()
    assert recipients(smtp_server) == expected(40)


def a_minute_later():
    """What the clock does in the next minute."""
    PeriodicRun.objects.update(last_at=timezone.now() - datetime.timedelta(minutes=1))
    clock.tick()


@pytest.mark.django_db
def test_the_clock_enqueues_each_periodic_task_once_per_interval(smtp_server):
    names = clock.tick()
    assert "passerelles.core.tasks.send_outbox" in names
    assert "passerelles.core.tasks.resume_stalled_jobs" in names
    assert clock.tick() == []  # the interval has not passed
    PeriodicRun.objects.filter(name="passerelles.core.tasks.send_outbox").update(
        last_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    assert clock.tick() == ["passerelles.core.tasks.send_outbox"]


@pytest.mark.django_db
def test_a_daily_task_runs_once_a_day_at_its_hour(smtp_server):
    name = "passerelles.events.tasks.send_session_reminders"
    assert name not in clock.tick()  # a clock started today waits for the next 18:00
    run = PeriodicRun.objects.get(name=name)
    now = timezone.localtime()
    today_at_six = now.replace(hour=18, minute=0, second=0, microsecond=0)
    last_six = today_at_six if today_at_six <= now else today_at_six - datetime.timedelta(days=1)
    run.last_at = last_six - datetime.timedelta(minutes=1)  # the last run was before the last 18:00
    run.save()
    assert name in clock.tick()
    assert name not in clock.tick()  # not twice for the same 18:00


@pytest.mark.django_db
def test_the_former_cron_jobs_are_periodic_tasks():
    names = set(clock.periodic())
    assert {
        "passerelles.events.tasks.send_session_reminders",
        "passerelles.events.tasks.purge_registrations",
        "passerelles.accounts.tasks.purge_logs",
        "passerelles.publications.tasks.harvest_catalogues",
    } <= names
