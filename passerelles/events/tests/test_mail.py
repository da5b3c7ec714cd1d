"""Registration e-mails reach a real SMTP server (aiosmtpd, started by the tests): the right person,
subject and link; a server that is down delays them and loses none; two senders at once send each
message once. And the reminder the day before (`send_session_reminders`)."""

import datetime
import io
import os
import re
import socket
import subprocess
import sys
from email.header import decode_header, make_header

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from passerelles.core.mail import send_due
from passerelles.core.models import OutgoingMail
from passerelles.testing.tasks import url_of_test_database
from passerelles.testing.threads import require_file_database, together, wait_for_lock_waiters

from ..enums import RegistrationStatus
from ..models import Registration
from ..services.registrations import cancel, cancel_session, confirm, register
from .factories import CycleFactory, RegistrationFactory, SessionFactory, organiser

MINUTE = datetime.timedelta(minutes=1)
SENT = re.compile(r"Courriels : (\d+) envoyé")


def person(email, first_name="Claude"):
    return {"first_name": first_name, "last_name": "Bernard", "email": email, "organisation": "GIP", "consent": True}


def closed_port():
    """A port nothing listens on: an SMTP server that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def subject(message):
    return str(make_header(decode_header(message["Subject"])))


def text(message):
    return message.get_payload(decode=True).decode(message.get_content_charset())


def delivered(server, to):
    """What the SMTP server received for `to`: (subject, body) in order."""
    return [(subject(message), text(message)) for message in server.messages if message["To"] == to]


def link(registration):
    return settings.PASSERELLES["SITE_URL"].rstrip("/") + f"/agenda/inscription/{registration.token}/"


# ---------------------------------------------------------------- what each step sends


@pytest.mark.django_db
def test_each_step_of_a_registration_reaches_the_person(smtp_server):
    session = SessionFactory(capacity=1, title="Rencontre des chefs de projet", venue="Maison de quartier")
    first = register(session, person("premiere@example.org", first_name="Aïcha"))
    second = register(session, person("seconde@example.org"))
    confirm(first.token)
    confirm(second.token)
    cancel(first.token)
    assert send_due() == (6, 0)

    assert [mail[0] for mail in delivered(smtp_server, "premiere@example.org")] == [
        "Confirmez votre inscription : Rencontre des chefs de projet",
        "Inscription confirmée : Rencontre des chefs de projet",
        "Inscription annulée : Rencontre des chefs de projet",
    ]
    assert [mail[0] for mail in delivered(smtp_server, "seconde@example.org")] == [
        "Confirmez votre inscription : Rencontre des chefs de projet",
        "Liste d'attente : Rencontre des chefs de projet",
        "Une place s'est libérée : Rencontre des chefs de projet",
    ]
    confirmation = delivered(smtp_server, "premiere@example.org")[0][1]
    assert confirmation.startswith("Bonjour,\r\n")  # never a name typed by whoever filled the form
    assert link(first) in confirmation
    assert "Maison de quartier" in confirmation
    assert "au rang 1" in delivered(smtp_server, "seconde@example.org")[1][1]
    assert link(second) in delivered(smtp_server, "seconde@example.org")[2][1]
    message = smtp_server.messages[0]
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert OutgoingMail.objects.filter(sent_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_a_cancelled_session_reaches_everyone_registered(smtp_server):
    session = SessionFactory(capacity=1, title="Webinaire emploi")
    for email in ("assise@example.org", "attente@example.org"):
        confirm(register(session, person(email)).token)
    send_due()
    smtp_server.messages.clear()

    cancel_session(organiser(session), session)

    assert send_due() == (2, 0)
    assert sorted(message["To"] for message in smtp_server.messages) == ["assise@example.org", "attente@example.org"]
    assert {subject(message) for message in smtp_server.messages} == {"Session annulée : Webinaire emploi"}


# ---------------------------------------------------------------- a server that is down


@pytest.mark.django_db
def test_a_server_down_delays_the_mail_and_loses_none(smtp_server, settings):
    up = settings.EMAIL_PORT
    settings.EMAIL_PORT = closed_port()
    session = SessionFactory(title="Atelier")
    registration = register(session, person("claude@example.org"))
    register(session, person("dominique@example.org"))

    before = timezone.now()
    assert send_due() == (0, 1)  # it stops at the first failure: the server is down
    failed = OutgoingMail.objects.get(to="claude@example.org")
    assert (failed.attempts, failed.sent_at) == (1, None)
    assert failed.next_attempt_at >= before + MINUTE
    assert "ConnectionRefusedError" in failed.last_error
    assert OutgoingMail.objects.get(to="dominique@example.org").attempts == 0

    settings.EMAIL_PORT = up  # the server is back
    assert send_due() == (1, 0)  # what never failed is due; the failed one waits for its time
    assert [message["To"] for message in smtp_server.messages] == ["dominique@example.org"]
    OutgoingMail.objects.filter(pk=failed.pk).update(next_attempt_at=timezone.now())
    assert send_due() == (1, 0)
    assert send_due() == (0, 0)
    assert [message["To"] for message in smtp_server.messages] == ["dominique@example.org", "claude@example.org"]
    assert link(registration) in text(smtp_server.messages[1])
    failed.refresh_from_db()
    assert failed.attempts == 2
    assert failed.sent_at is not None


@pytest.mark.django_db
def test_each_failure_puts_the_next_attempt_further_away(smtp_server, settings):
    settings.EMAIL_PORT = closed_port()
    register(SessionFactory(), person("claude@example.org"))
    delays = []
    for _ in range(5):
        before = timezone.now()
        assert send_due() == (0, 1)
        queued = OutgoingMail.objects.get()
        delays.append(queued.next_attempt_at - before)
        OutgoingMail.objects.filter(pk=queued.pk).update(next_attempt_at=timezone.now())  # due again
    assert [round(delay / MINUTE) for delay in delays] == [1, 5, 15, 60, 360]
    assert OutgoingMail.objects.get().attempts == 5


# ---------------------------------------------------------------- after commit, and two senders at once


@pytest.mark.usefixtures("shipped_data_put_back")
class TestSentInTheBackground:
    @pytest.fixture(autouse=True)
    def _committed_data(self, transactional_db):
        require_file_database()
        yield

    def test_mail_leaves_once_the_registration_is_committed(self, smtp_server):
        session = SessionFactory(title="Visite de site")
        with transaction.atomic():
            registration = register(session, person("claude@example.org"))
            assert OutgoingMail.objects.filter(to="claude@example.org").exists()
            assert smtp_server.messages == []  # nothing leaves before the commit
        [(title, body)] = delivered(smtp_server, "claude@example.org")
        assert title == "Confirmez votre inscription : Visite de site"
        assert link(registration) in body
        assert OutgoingMail.objects.get().sent_at is not None

    def test_nothing_leaves_when_the_registration_is_rolled_back(self, smtp_server):
        session = SessionFactory()
        with pytest.raises(RuntimeError), transaction.atomic():
            register(session, person("claude@example.org"))
            raise RuntimeError
        assert smtp_server.messages == []
        assert not OutgoingMail.objects.exists()

    def test_senders_in_threads_at_once_send_each_message_once(self, smtp_server):
        session = SessionFactory(capacity=None)
        with transaction.atomic():  # one commit: one background sender starts as well
            for n in range(40):
                register(session, person(f"personne{n}@example.org"))
        together([send_due] * 8)
        send_due()  # what the cron command would pick up, if anything was left

        recipients = [message["To"] for message in smtp_server.messages]
        assert sorted(recipients) == sorted(f"personne{n}@example.org" for n in range(40))
        assert OutgoingMail.objects.filter(sent_at__isnull=True).count() == 0
        assert set(OutgoingMail.objects.values_list("attempts", flat=True)) == {1}

    def test_senders_in_processes_at_once_send_each_message_once(self, smtp_server):
        """Three `send_queued_mail` processes (cron and a worker, say) against the same outbox."""
        with transaction.atomic():
            mails = OutgoingMail.objects.bulk_create(
                OutgoingMail(
                    to=f"personne{n}@example.org",
                    subject=f"Message {n}",
                    body="Bonjour.",
                    next_attempt_at=timezone.now(),
                )
                for n in range(150)
            )
        env = dict(
            os.environ,
            DATABASE_URL=url_of_test_database(),
            DJANGO_SETTINGS_MODULE=os.environ["DJANGO_SETTINGS_MODULE"],
            EMAIL_PORT=str(settings.EMAIL_PORT),
        )
        command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "send_queued_mail"]
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Every process reads the same due rows, then waits here to claim the first one.
                with connection.cursor() as cursor:
                    cursor.execute("LOCK TABLE core_outgoingmail IN SHARE MODE")
            senders = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for _ in range(3)]
            wait_for_lock_waiters(3, "processes were expected to wait for the outbox")
        outputs = [sender.communicate(timeout=120)[0] for sender in senders]

        assert [sender.returncode for sender in senders] == [0, 0, 0]
        assert sum(int(SENT.search(output)[1]) for output in outputs if SENT.search(output)) == 150
        assert sorted(subject(message) for message in smtp_server.messages) == sorted(mail.subject for mail in mails)
        assert set(OutgoingMail.objects.values_list("attempts", flat=True)) == {1}

    def test_two_reminder_runs_at_once_send_one_reminder_each(self):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(9)))
        session = SessionFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=3))
        RegistrationFactory.create_batch(30, session=session)
        together([lambda: call_command("send_session_reminders", stdout=io.StringIO())] * 2)

        reminded = OutgoingMail.objects.filter(subject__startswith="Rappel").values_list("to", flat=True)
        assert sorted(reminded) == sorted(session.registrations.values_list("email", flat=True))


def paris(days, hour, minute=0):
    """A moment `days` from today, at this hour in Paris."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def run_reminders():
    out = io.StringIO()
    call_command("send_session_reminders", stdout=out)
    return out.getvalue()


def reminders():
    return sorted(OutgoingMail.objects.filter(subject__startswith="Rappel").values_list("to", "subject"))


def session_at(start, **kwargs):
    return SessionFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=3), **kwargs)


@pytest.mark.django_db
def test_reminders_go_to_the_confirmed_registrants_of_tomorrows_sessions():
    tomorrow = session_at(paris(1, 9), title="Journée de demain", accessibility="Salle de plain-pied.")
    late = session_at(paris(1, 23, 30), title="Soirée de demain")
    early = session_at(paris(1, 0, 30), title="Nuit de demain")  # still today in UTC
    after = session_at(paris(2, 0, 30), title="Après-demain")  # still tomorrow in UTC
    for session in (tomorrow, late, early, after):
        RegistrationFactory(session=session, email=f"inscrite-{session.slug}@example.org")
    for status in (RegistrationStatus.PENDING, RegistrationStatus.WAITING, RegistrationStatus.CANCELLED):
        RegistrationFactory(session=tomorrow, status=status, email=f"{status}@example.org")
    cancelled = session_at(paris(1, 14), title="Annulée")
    RegistrationFactory(session=cancelled, email="annulee@example.org")
    cancel_session(organiser(cancelled), cancelled)
    OutgoingMail.objects.all().delete()

    assert run_reminders() == "Rappels : 3 courriel(s) mis en file.\n"

    assert reminders() == sorted(
        [
            (f"inscrite-{tomorrow.slug}@example.org", "Rappel : Journée de demain, demain"),
            (f"inscrite-{late.slug}@example.org", "Rappel : Soirée de demain, demain"),
            (f"inscrite-{early.slug}@example.org", "Rappel : Nuit de demain, demain"),
        ]
    )
    body = OutgoingMail.objects.get(to=f"inscrite-{tomorrow.slug}@example.org").body
    registration = Registration.objects.get(email=f"inscrite-{tomorrow.slug}@example.org")
    assert link(registration) in body
    assert "Accessibilité : Salle de plain-pied." in body
    assert f"{date_filter(paris(1, 9), 'l j F Y')}, 09:00 – 12:00" in body
    assert registration.reminder_sent_at is not None


@pytest.mark.django_db
def test_reminders_are_sent_once():
    session = session_at(paris(1, 9))
    RegistrationFactory.create_batch(2, session=session)
    assert run_reminders() == "Rappels : 2 courriel(s) mis en file.\n"
    assert run_reminders() == "Rappels : 0 courriel(s) mis en file.\n"
    assert len(reminders()) == 2


@pytest.mark.django_db
def test_cycle_registrants_are_reminded_before_each_session():
    cycle = CycleFactory(title="Cycle insertion")
    session_at(paris(-6, 9), cycle=cycle, title="Première journée")
    second = session_at(paris(1, 9), cycle=cycle, title="Deuxième journée")
    reminded_for_the_first = RegistrationFactory(
        session=None, cycle=cycle, email="cycle@example.org", reminder_sent_at=paris(-7, 18)
    )
    RegistrationFactory(session=None, cycle=cycle, email="cycle-ce-matin@example.org", reminder_sent_at=paris(0, 0, 5))
    RegistrationFactory(session=second, email="journee@example.org")

    assert run_reminders() == "Rappels : 2 courriel(s) mis en file.\n"

    assert reminders() == [
        ("cycle@example.org", "Rappel : Deuxième journée, demain"),
        ("journee@example.org", "Rappel : Deuxième journée, demain"),
    ]
    body = OutgoingMail.objects.get(to="cycle@example.org").body
    assert "Deuxième journée" in body
    assert link(reminded_for_the_first) in body
    assert second.get_absolute_url() in body
