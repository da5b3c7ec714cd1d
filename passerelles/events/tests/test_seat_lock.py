"""A control of the concurrency tests (test_concurrency): the seat lock is what keeps a session within
its capacity. Without it (the session and cycle rows read without `select_for_update`), people who
confirm at the same instant all see a free seat and the session is over-booked; with it, never.

Without the lock, PostgreSQL only: SQLite takes its write lock when a transaction begins (`transaction_mode =
IMMEDIATE`), so confirmations are already taken one at a time and the seat lock is moot there."""

import threading
from collections import Counter
from functools import partial

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.signals import pre_save

from passerelles.testing.threads import require_file_database, together

from ..enums import RegistrationStatus
from ..models import Cycle, Registration, Session
from ..services.registrations import confirm, held_in_session, register
from .factories import SessionFactory

CAPACITY, PEOPLE = 2, 10


@pytest.fixture
def outbox(transactional_db, smtp_server):
    require_file_database()
    yield smtp_server


@pytest.fixture
def seat_lock_off(monkeypatch):
    """Every seat decision reads its session and cycle rows without locking them."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises write transactions from their start: the seat lock is moot there")
    select_for_update = QuerySet.select_for_update

    def without_seat_lock(queryset, *args, **kwargs):
        if queryset.model in (Session, Cycle):
            return queryset
        return select_for_update(queryset, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", without_seat_lock)


@pytest.fixture
def decisions_wait_for_each_other():
    """The worst interleaving: each person's seat decision waits, before it is written, until every
    other person has decided too. (Possible only without the seat lock: with it, the others wait for
    the lock and this barrier would never be reached by all.)"""
    barrier = threading.Barrier(PEOPLE, timeout=120)

    def wait(sender, instance, update_fields=None, **kwargs):
        if update_fields and "confirmed_at" in update_fields:
            barrier.wait()

    pre_save.connect(wait, sender=Registration, weak=False, dispatch_uid="decisions_wait_for_each_other")
    yield
    pre_save.disconnect(sender=Registration, dispatch_uid="decisions_wait_for_each_other")


def confirm_at_once():
    session = SessionFactory(capacity=CAPACITY, title="Séminaire très demandé")
    with transaction.atomic():
        person = {"first_name": "Camille", "last_name": "Roux", "organisation": "CCAS", "consent": True}
        registrations = [register(session, {**person, "email": f"personne{n}@example.org"}) for n in range(PEOPLE)]
    results = together([partial(confirm, registration.token) for registration in registrations])
    assert [result for result in results if isinstance(result, BaseException)] == []
    return session


@pytest.mark.usefixtures("shipped_data_put_back", "outbox")
class TestTheSeatLockIsWhatKeepsCapacity:
    @pytest.mark.usefixtures("seat_lock_off", "decisions_wait_for_each_other")
    def test_without_it_people_confirming_at_once_overbook_the_session(self):
        session = confirm_at_once()

        assert held_in_session(session) == PEOPLE > CAPACITY

    def test_with_it_the_same_people_never_overbook_the_session(self):
        session = confirm_at_once()

        assert held_in_session(session) == CAPACITY
        statuses = Counter(session.registrations.values_list("status", flat=True))
        assert statuses == {RegistrationStatus.CONFIRMED: CAPACITY, RegistrationStatus.WAITING: PEOPLE - CAPACITY}
