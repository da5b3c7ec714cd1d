"""The same corpus and query set give the same results, in the same order, on SQLite and on
PostgreSQL: two sites are built from scratch, one on each, in processes of their own."""

import json
import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings

PG_URL = os.environ.get("PASSERELLES_TEST_PG_URL", "")


def answers(database_url, tmp_path, name):
    out = tmp_path / f"answers-{name}.json"
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="passerelles.config.settings.test",
        PASSERELLES_SEARCH_INDEX_DIR=str(tmp_path / f"search-{name}"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "passerelles.search.tests.parity_dump", str(out)],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.skipif(not PG_URL, reason="needs the PostgreSQL server that `make test` starts")
@pytest.mark.skipif("postgres" in os.environ.get("DATABASE_URL", ""), reason="run once, in the SQLite pass")
def test_same_results_and_order_on_sqlite_and_postgresql(tmp_path):
    name = f"parity_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        on_postgresql = answers(f"{PG_URL}/{name}", tmp_path, "pg")
    finally:
        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
    on_sqlite = answers(f"sqlite:///{tmp_path / 'parity.sqlite3'}", tmp_path, "sqlite")
    assert len(on_sqlite) == 19 * 5
    assert sum(answer["total"] for answer in on_sqlite) > 1000  # a real corpus, not empty answers
    for sqlite_answer, postgresql_answer in zip(on_sqlite, on_postgresql, strict=True):
        assert sqlite_answer == postgresql_answer, sqlite_answer["query"]
