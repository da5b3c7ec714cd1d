#!/usr/bin/env bash
# The suite on SQLite and on a throwaway PostgreSQL server, both at once: each waits on
# subprocesses, servers and the browser for a good part of its time, so together they keep both
# cores busy. Each line of output says which database it comes from. Non-zero if either fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure_system.sh test
source scripts/pg.sh
pg_start

# The search parity test builds a PostgreSQL database of its own next to a SQLite one.
export PASSERELLES_TEST_PG_URL="$PG_URL"
# xdist workers: two on SQLite, three on PostgreSQL, whose journeys in the browser share one worker
# and its site server (pytest_xdist_make_scheduler in passerelles/conftest.py) for minutes, mostly
# waiting on Chromium. PASSERELLES_TEST_WORKERS sets both.
suite() {
  local label=$1 url=$2 workers=$3
  shift 3
  DATABASE_URL="$url" .venv/bin/pytest -n "${PASSERELLES_TEST_WORKERS:-$workers}" "$@" 2>&1 | sed -u "s/^/[$label] /"
}

# The journeys in the browser run once, in the PostgreSQL pass (production's database): run in both,
# they took the suite past its 20 minutes on this 2-core machine (docs/benchmarks.md). The SQLite
# pass runs every other test, the search's parity between the two databases among them.
suite SQLite "sqlite:///$(mktemp -d)/passerelles.sqlite3" 2 -m "not browser" "$@" &
on_sqlite=$!
suite PostgreSQL "$PG_URL/passerelles" 3 "$@" &
on_postgresql=$!
status=0
# 5: pytest ran nothing, every test asked for being a journey (`bash scripts/test.sh …/test_browser.py`).
wait $on_sqlite || { code=$?; [[ $code == 5 ]] || status=$code; }
wait $on_postgresql || status=$?
exit $status
