#!/usr/bin/env bash
# The whole suite on SQLite and on a throwaway PostgreSQL server, all at once: for each database,
# the journeys in the browser (marker `browser`, one process, against a site server of its own) beside
# every other test (two xdist workers). Each waits on subprocesses, servers and the browser for a
# good part of its time, so together they keep both cores busy. Each line of output says which run
# it comes from. Non-zero if any fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure_system.sh test
source scripts/pg.sh
pg_start

# The search parity test builds a PostgreSQL database of its own next to a SQLite one.
export PASSERELLES_TEST_PG_URL="$PG_URL"
PARALLEL=(-n "${PASSERELLES_TEST_WORKERS:-2}")

run() {  # a label for its lines, the database URL, then pytest's arguments
  local label=$1 url=$2
  shift 2
  DATABASE_URL="$url" .venv/bin/pytest "$@" 2>&1 | sed -u "s/^/[$label] /"
}

both_halves() {  # the statuses of a database's two runs: one with no test to run (5) is no failure, both are
  if [ "$1" -eq 5 ]; then echo "$2"; elif [ "$2" -eq 5 ] || [ "$1" -ne 0 ]; then echo "$1"; else echo "$2"; fi
}

sqlite_url="sqlite:///$(mktemp -d)/passerelles.sqlite3"
run SQLite "$sqlite_url" "${PARALLEL[@]}" -m "not browser" "$@" &
sqlite_tests=$!
run "SQLite navigateur" "$sqlite_url" -m browser "$@" &
sqlite_journeys=$!
run PostgreSQL "$PG_URL/passerelles" "${PARALLEL[@]}" -m "not browser" "$@" &
postgresql_tests=$!
run "PostgreSQL navigateur" "$PG_URL/passerelles" -m browser "$@" &
postgresql_journeys=$!

statuses=()
for job in $sqlite_tests $sqlite_journeys $postgresql_tests $postgresql_journeys; do
  code=0
  wait "$job" || code=$?
  statuses+=("$code")
done
on_sqlite=$(both_halves "${statuses[0]}" "${statuses[1]}")
on_postgresql=$(both_halves "${statuses[2]}" "${statuses[3]}")
echo "=== SQLite : code $on_sqlite ; PostgreSQL : code $on_postgresql ==="
[ "$on_sqlite" -eq 0 ] && [ "$on_postgresql" -eq 0 ]
