#!/usr/bin/env bash
# `make bench`: every speed target of the issues, printed with its ratio to the stated baseline.
# BENCH=pages,search… runs only the named steps (geography, pages, public, search, registrations,
# newsletters, digest, contacts, dashboard, allocation, opendata, federation, api); BENCH=pages runs both page benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure_system.sh bench
source scripts/pg.sh
pg_start
work=$(mktemp -d)
PY=.venv/bin/python
want() { [[ -z "${BENCH:-}" || ",$BENCH," == *",$1,"* || ( "$1" == public && ",$BENCH," == *",pages,"* ) ]]; }

if want geography; then
echo "== Geography load (target ≤ 10 s) =="
DATABASE_URL="sqlite:///$work/geo.sqlite3" $PY bench/geography.py 3
DATABASE_URL="$PG_URL/postgres" $PY bench/geography.py 3
fi
if want pages; then
echo "== Pages under load =="
DATABASE_URL="sqlite:///$work/site.sqlite3" $PY bench/pages.py "${BENCH_SECONDS:-10}"
DATABASE_URL="$PG_URL/postgres" $PY bench/pages.py "${BENCH_SECONDS:-10}"
fi
if want public; then
echo "== Every public page at realistic volume (10,000 sheets, 5,000 publications, 2,000 sessions, 100,000 records; targets ≥ 70 % of bare, search ≥ 40 %, p95 ≤ 50 ms) =="
# The volume is built once per database file (PAGES_DB to reuse one across runs).
DATABASE_URL="${PAGES_DB:-sqlite:///$work/volume.sqlite3}" $PY bench/public_pages.py "${BENCH_SECONDS:-10}"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres volume
DATABASE_URL="$PG_URL/volume" $PY bench/public_pages.py "${BENCH_SECONDS:-10}"
fi
if want search; then
echo "== Network search (targets: at 100,000 request p95 ≤ 50 ms, ≤ 3× raw, rebuild ≤ 60 s; at 500,000 p95 ≤ 100 ms) =="
DATABASE_URL="sqlite:///$work/search.sqlite3" $PY bench/search.py "${SEARCH_SIZES:-100000,500000}"
DATABASE_URL="$PG_URL/postgres" $PY bench/search.py "${SEARCH_SIZES:-100000,500000}"
fi
if want registrations; then
echo "== Registrations under load (500 at once for 100 seats: exactly 100 held, or the run fails) =="
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres registrations
DATABASE_URL="$PG_URL/registrations" $PY bench/registrations.py "${REGISTRATION_RUNS:-3}"
DATABASE_URL="sqlite:///$work/registrations.sqlite3" $PY bench/registrations.py "${REGISTRATION_RUNS:-3}"
fi
if want newsletters; then
echo "== Newsletter to 10,000 recipients (real SMTP, one db_worker: messages/s, worker RSS flat, each once) =="
DATABASE_URL="sqlite:///$work/newsletters.sqlite3" $PY bench/newsletters.py "${NEWSLETTER_RECIPIENTS:-10000}"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres newsletters
DATABASE_URL="$PG_URL/newsletters" $PY bench/newsletters.py "${NEWSLETTER_RECIPIENTS:-10000}"
fi
if want digest; then
echo "== Weekly digest of alerts (target at 10,000 people × 100,000 sheets: ≤ 120 s) =="
DATABASE_URL="sqlite:///$work/digest.sqlite3" $PY bench/digest.py "${DIGEST_PEOPLE:-2500,5000,10000}" "${DIGEST_SHEETS:-25000,50000,100000}"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres digest
DATABASE_URL="$PG_URL/digest" $PY bench/digest.py "${DIGEST_PEOPLE:-2500,5000,10000}" "${DIGEST_SHEETS:-25000,50000,100000}"
fi
if want contacts; then
echo "== Contacts (targets at 100,000 contacts: filtered list p95 ≤ 50 ms, import of 100,000 lines ≤ 60 s) =="
DATABASE_URL="sqlite:///$work/contacts.sqlite3" $PY bench/contacts.py "${CONTACT_LINES:-100000}"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres contacts
DATABASE_URL="$PG_URL/contacts" $PY bench/contacts.py "${CONTACT_LINES:-100000}"
fi
if want dashboard; then
echo "== Dashboards over 10 years × 20 centres (targets: page p95 ≤ 200 ms; network report PDF ≤ 10 s) =="
DATABASE_URL="sqlite:///$work/dashboard.sqlite3" $PY bench/dashboard.py "${DASHBOARD_REQUESTS:-400}"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres dashboard
DATABASE_URL="$PG_URL/dashboard" $PY bench/dashboard.py "${DASHBOARD_REQUESTS:-400}"
fi
if want allocation; then
echo "== Allocation of the State's envelope (target: one scenario recomputed ≤ 50 ms, the computation and the whole page) =="
DATABASE_URL="sqlite:///$work/allocation.sqlite3" $PY bench/allocation.py "${ALLOCATION_RUNS:-500}" "${ALLOCATION_REQUESTS:-200}"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres allocation
DATABASE_URL="$PG_URL/allocation" $PY bench/allocation.py "${ALLOCATION_RUNS:-500}" "${ALLOCATION_REQUESTS:-200}"
fi
if want opendata; then
echo "== Open-data dumps (target at 100,000 sheets: full dump ≤ 60 s, memory flat across 25k/50k/100k) =="
DATABASE_URL="sqlite:///$work/opendata.sqlite3" $PY bench/opendata.py "${OPENDATA_SIZES:-25000,50000,100000}"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres opendata
DATABASE_URL="$PG_URL/opendata" $PY bench/opendata.py "${OPENDATA_SIZES:-25000,50000,100000}"
fi
if want federation; then
echo "== Federation: harvesting a 5,000-event iCalendar agenda (target ≤ 30 s; first, changed, 304) =="
DATABASE_URL="sqlite:///$work/federation.sqlite3" $PY bench/federation.py "${FEDERATION_EVENTS:-5000}"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres federation
DATABASE_URL="$PG_URL/federation" $PY bench/federation.py "${FEDERATION_EVENTS:-5000}"
fi
if want api; then
echo "== REST API list operations at 100,000 published sheets (target p95 ≤ 50 ms) =="
DATABASE_URL="sqlite:///$work/api.sqlite3" $PY bench/api.py "${BENCH_SECONDS:-10}" "${API_SHEETS:-100000}"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres api
DATABASE_URL="$PG_URL/api" $PY bench/api.py "${BENCH_SECONDS:-10}" "${API_SHEETS:-100000}"
fi
rm -rf "$work"
