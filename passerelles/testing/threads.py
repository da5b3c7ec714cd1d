"""Threads and processes against the test database, for the concurrency tests (test_concurrency,
test_mail): each thread has its own connection, closed at its end."""

import threading
import time

import pytest
from django.db import connection


def together(actions):
    """Run the callables at the same instant, each in a thread of its own (hence its own database
    connection, closed at the end); their results, or the exception each raised, in order."""
    barrier = threading.Barrier(len(actions), timeout=120)
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except BaseException as error:  # reported to the test, which fails on it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def require_file_database():
    """SQLite's shared in-memory database (the test database unless settings give it a file name)
    locks whole tables and answers « database table is locked » to a second writer at once, without
    waiting for the busy timeout: threads and other processes need a file, as in production."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.fail("the SQLite test database must be a file (DATABASES['default']['TEST']['NAME'])")


def wait_for_lock_waiters(count, what="transactions were expected to wait for the lock"):
    """PostgreSQL: return once `count` other connections wait for a row lock. (SQLite takes its
    write lock when a transaction begins, before anything is read: there is nothing to wait for.)"""
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + 60
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # read afresh inside the transaction
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] >= count:
                return
            assert time.monotonic() < deadline, f"{count} {what}"
            time.sleep(0.02)
