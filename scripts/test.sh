#!/usr/bin/env bash
# The whole suite, on SQLite then on a throwaway PostgreSQL server. Non-zero if either fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure_system.sh test
source scripts/pg.sh
pg_start

# The search parity test builds a PostgreSQL database of its own next to a SQLite one.
export PASSERELLES_TEST_PG_URL="$PG_URL"
# Two workers (xdist) per database; the journeys in the browser share one worker and its site server
# (pytest_xdist_make_scheduler in passerelles/conftest.py).
PARALLEL=(-n "${PASSERELLES_TEST_WORKERS:-2}")
status=0
echo "=== Suite sur SQLite ==="
DATABASE_URL="sqlite:///$(mktemp -d)/passerelles.sqlite3" .venv/bin/pytest "${PARALLEL[@]}" "$@" || status=$?
echo "=== Suite sur PostgreSQL ==="
DATABASE_URL="$PG_URL/passerelles" .venv/bin/pytest "${PARALLEL[@]}" "$@" || status=$?
exit $status
