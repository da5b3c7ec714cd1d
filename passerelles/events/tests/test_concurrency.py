"""Seats under concurrency: many people at the same instant, each in a thread with its own database
connection, released together by a barrier, on the database the suite runs on (SQLite, then
PostgreSQL). Threads need committed data, hence `transactional_db` (which empties every table
after each test: `shipped_data_put_back` loads the shipped data again for the tests that follow)."""

import html
import re
import threading
from collections import Counter
from functools import partial

import pytest
import requests
from django.db import connection, transaction

from passerelles.core.models import OutgoingMail
from passerelles.testing.threads import require_file_database, together, wait_for_lock_waiters

from ..enums import RegistrationStatus
from ..models import Registration, Session
from ..services.registrations import (
    AlreadyRegistered,
    cancel,
    confirm,
    held_in_session,
    register,
    seats_left,
    waiting_rank,
)
from .factories import CycleFactory, SessionFactory

CONFIRMED, WAITING, PENDING, CANCELLED = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
    RegistrationStatus.PENDING,
    RegistrationStatus.CANCELLED,
)
RANK = re.compile(r"au rang (\d+)")
WEB_RANK = re.compile(r"sur la liste d'attente, au rang (\d+)")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def person(email):
    return {"first_name": "Dominique", "last_name": "Leroy", "email": email, "organisation": "CCAS", "consent": True}


def errors(results, allowed=()):
    return [repr(result) for result in results if isinstance(result, BaseException) and not isinstance(result, allowed)]


def enrol(target, count, prefix, confirmed=True):
    """`count` people registered (and confirmed, in this order) through the service; committed."""
    with transaction.atomic():
        regs = [register(target, person(f"{prefix}{n}@example.org")) for n in range(count)]
    return [confirm(reg.token) for reg in regs] if confirmed else regs


def counts(**where):
    return Counter(Registration.objects.filter(**where).values_list("status", flat=True))


@pytest.fixture
def outbox(transactional_db, smtp_server):
    """Mail goes to a real SMTP server while the test runs, from the outbox's background threads
    (they write to the database too, as in production); the test ends once they are done."""
    require_file_database()
    yield smtp_server


def start(action):
    """Start `action` in a thread of its own; `thread.errors` holds what it raised."""

    def run():
        try:
            action()
        except BaseException as error:  # reported to the test, which fails on it
            thread.errors.append(repr(error))
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.errors = []
    thread.start()
    return thread


@pytest.mark.usefixtures("shipped_data_put_back", "outbox")
class TestSeatsUnderConcurrency:
    def test_200_confirmations_at_once_for_50_seats(self):
        session = SessionFactory(capacity=50, title="Journée des délégués du préfet")
        regs = enrol(session, 200, "personne", confirmed=False)

        results = together([partial(confirm, reg.token) for reg in regs])

        assert errors(results) == []
        assert Counter(result.status for result in results) == {CONFIRMED: 50, WAITING: 150}
        assert counts(session=session) == {CONFIRMED: 50, WAITING: 150}
        assert held_in_session(session) == 50
        assert seats_left(session) == 0
        # One answer per person, no one twice; each waiting person was told their place in the line.
        answers = OutgoingMail.objects.exclude(subject__startswith="Confirmez")
        assert sorted(answers.values_list("to", flat=True)) == sorted(reg.email for reg in regs)
        told = {mail.to: int(RANK.search(mail.body)[1]) for mail in answers.filter(subject__startswith="Liste")}
        line = Registration.objects.filter(session=session, status=WAITING).order_by("confirmed_at", "pk")
        assert told == {reg.email: rank for rank, reg in enumerate(line, start=1)}
        assert sorted(told.values()) == list(range(1, 151))
        assert [waiting_rank(reg) for reg in line] == list(range(1, 151))

    def test_the_same_addresses_registering_twice_at_once(self):
        session = SessionFactory(capacity=None)
        emails = [f"prenom.nom{n}@example.org" for n in range(50)]
        twice = [variant for email in emails for variant in (email, email.replace("prenom.nom", "Prenom.NOM"))]

        results = together([partial(register, session, person(email)) for email in twice])

        assert errors(results, allowed=AlreadyRegistered) == []
        assert sum(isinstance(result, AlreadyRegistered) for result in results) == 50
        taken = sorted(result.email for result in results if isinstance(result, Registration))
        assert taken == sorted(emails)
        assert sorted(session.registrations.values_list("email", flat=True)) == sorted(emails)
        links = OutgoingMail.objects.filter(subject__startswith="Confirmez")
        assert sorted(links.values_list("to", flat=True)) == sorted(emails)

    def test_cancellations_and_confirmations_at_once_never_exceed_capacity(self):
        session = SessionFactory(capacity=20)
        seated = enrol(session, 20, "assise")
        waiting = enrol(session, 30, "attente")
        pending = enrol(session, 60, "nouvelle", confirmed=False)
        assert counts(session=session) == {CONFIRMED: 20, WAITING: 30, PENDING: 60}

        # The waiting who cancel are the last in line, out of reach of the 15 seats freed (a cancel at the
        # instant of one's own promotion is the subject of its own test below).
        actions = [partial(cancel, reg.token) for reg in seated[:15] + waiting[-10:]]
        actions += [partial(confirm, reg.token) for reg in pending]
        results = together(actions)

        assert errors(results) == []
        final = counts(session=session)
        assert final[CONFIRMED] <= 20
        assert final[CANCELLED] == 25
        assert final[CONFIRMED] + final[WAITING] == 85
        # The waiting list is long: no seat is left empty.
        assert final[CONFIRMED] == 20

    def test_cycle_and_session_confirmations_at_once(self):
        """Cycle registrants take a seat in each session: the locks (cycle, then sessions by id)
        keep each session within its capacity, with no deadlock."""
        cycle = CycleFactory(capacity=None)
        first = SessionFactory(cycle=cycle, capacity=10)
        second = SessionFactory(cycle=cycle, capacity=10)
        regs = enrol(cycle, 30, "cycle", confirmed=False)
        regs += enrol(first, 30, "premiere", confirmed=False)
        regs += enrol(second, 30, "seconde", confirmed=False)

        results = together([partial(confirm, reg.token) for reg in regs])

        assert errors(results) == []
        assert held_in_session(first) == held_in_session(second) == 10
        assert counts(cycle=cycle)[CONFIRMED] + counts(session=first)[CONFIRMED] == 10
        assert counts(cycle=cycle)[CONFIRMED] + counts(session=second)[CONFIRMED] == 10
        assert sum(counts(cycle=cycle).values()) == 30

    def test_100_people_register_and_confirm_over_http_at_once_for_25_seats(self, live_server, settings):
        """The same, through the public pages (pytest-django's threaded live server): each person
        posts the session's form, then confirms with the personal link (its token read from the
        database, as the e-mail would give it). Each comes from an address of their own, seen
        through a proxy as in production (the form is limited per client address)."""
        settings.PASSERELLES = {**settings.PASSERELLES, "TRUSTED_PROXIES": 1}
        session = SessionFactory(capacity=25, title="Séminaire ouvert")
        site = live_server.url

        def person_on_the_site(n):
            email = f"internaute{n}@example.org"
            with requests.Session() as browser:
                browser.headers["X-Forwarded-For"] = f"198.51.100.{n + 1}"
                page = browser.get(f"{site}{session.get_absolute_url()}", timeout=120)
                csrf = CSRF.search(page.text)[1]
                form = {
                    "csrfmiddlewaretoken": csrf,
                    "first_name": "Alix",
                    "last_name": f"Martin {n}",
                    "email": email,
                    "organisation": "Mairie",
                    "consent": "on",
                    "function": "",
                    "territory": "",
                }
                done = browser.post(f"{site}/agenda/sessions/{session.slug}/inscription/", data=form, timeout=120)
                assert "Un courriel vous a été envoyé" in done.text, done.status_code
                token = Registration.objects.get(session=session, email=email).token
                answer = browser.post(
                    f"{site}/agenda/inscription/{token}/confirmer/", data={"csrfmiddlewaretoken": csrf}, timeout=120
                )
                return email, answer.status_code, html.unescape(answer.text)

        results = together([partial(person_on_the_site, n) for n in range(100)])

        assert errors(results) == []
        assert {status for _email, status, _text in results} == {200}
        seated = [email for email, _status, text in results if "une place vous est réservée." in text]
        told = {email: int(WEB_RANK.search(text)[1]) for email, _status, text in results if WEB_RANK.search(text)}
        assert len(seated) == 25
        assert sorted(told.values()) == list(range(1, 76))
        assert counts(session=session) == {CONFIRMED: 25, WAITING: 75}
        assert sorted(session.registrations.filter(status=CONFIRMED).values_list("email", flat=True)) == sorted(seated)
        line = Registration.objects.filter(session=session, status=WAITING).order_by("confirmed_at", "pk")
        assert told == {reg.email: rank for rank, reg in enumerate(line, start=1)}

    def test_confirming_twice_at_once_keeps_the_seat(self):
        """The same person clicks « Confirmer » twice for the last seat."""
        session = SessionFactory(capacity=1)
        (registration,) = enrol(session, 1, "double-clic", confirmed=False)

        with transaction.atomic():  # another decision on this session is under way
            Session.objects.select_for_update().get(pk=session.pk)
            threads = [start(partial(confirm, registration.token)) for _ in "ab"]
            wait_for_lock_waiters(2)
        for thread in threads:
            thread.join()

        assert [thread.errors for thread in threads] == [[], []]
        assert counts(session=session) == {CONFIRMED: 1}
        answers = OutgoingMail.objects.filter(to=registration.email).exclude(subject__startswith="Confirmez")
        assert [mail.subject.split(" :")[0] for mail in answers] == ["Inscription confirmée"]

    def test_cancelling_while_being_promoted_passes_the_seat_on(self):
        """A waiting person cancels at the instant a seat is freed for them: the seat goes to the next."""
        session = SessionFactory(capacity=1)
        (seated,) = enrol(session, 1, "assise")
        first, second = enrol(session, 2, "attente")

        with transaction.atomic():
            Session.objects.select_for_update().get(pk=session.pk)
            leaving = start(partial(cancel, seated.token))
            wait_for_lock_waiters(1)
            giving_up = start(partial(cancel, first.token))
            wait_for_lock_waiters(2)
        leaving.join()
        giving_up.join()

        assert leaving.errors == giving_up.errors == []
        assert counts(session=session) == {CANCELLED: 2, CONFIRMED: 1}
        assert Registration.objects.get(pk=second.pk).status == CONFIRMED
