#!/usr/bin/env bash
# The whole suite, on SQLite then on a throwaway PostgreSQL server. Non-zero if either fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure_system.sh test
source scripts/pg.sh
pg_start

# The search parity test builds a PostgreSQL database of its own next to a SQLite one.
export PASSERELLES_TEST_PG_URL="$PG_URL"
status=0
echo "=== Suite sur SQLite ==="
DATABASE_URL="sqlite:///$(mktemp -d)/passerelles.sqlite3" .venv/bin/pytest "$@" || status=$?
echo "=== Suite sur PostgreSQL ==="
DATABASE_URL="$PG_URL/passerelles" .venv/bin/pytest "$@" || status=$?
exit $status
