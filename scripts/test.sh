#!/usr/bin/env bash
# `make test`: ruff, the import contracts, then the whole suite on SQLite and on PostgreSQL
# at the same time (two processes, each with its own var folder, database and log).
# Both logs are printed when both are done; the script fails when either run fails.
# With CI set, the PostgreSQL run is mandatory; elsewhere it is skipped, said so,
# when no server answers.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DIHUB_CONN_MAX_AGE=0  # no connection outlives a test (the test database can be dropped)

# The browser tests drive Debian's Chromium; install it when we can.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "== chromium is missing and cannot be installed here: browser tests will be skipped"
  fi
fi

# The translation catalogues are compiled here, never at run time (docs/i18n.md).
if ! command -v msgfmt >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing Debian's gettext to compile the translations"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
  else
    echo "gettext (msgfmt) is missing: install it to compile the translations"; exit 1
  fi
fi
echo "== compiling the translations"
$BIN/dihub compilemessages --ignore .venv --ignore var >/dev/null

echo "== ruff"
$BIN/ruff check .

echo "== import contracts (docs/architecture.md)"
$BIN/lint-imports --no-cache

PG_SERVER="postgres://${PGUSER:-postgres}@${PGHOST:-127.0.0.1}:${PGPORT:-5432}"
pg_up() { $BIN/python scripts/pgdb.py ping "$PG_SERVER/postgres" 2>/dev/null; }
PG=yes
if ! pg_up; then
  if [ -n "${CI:-}" ]; then
    echo "== PostgreSQL is down: starting it"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 30); do pg_up && break; sleep 1; done
    pg_up || { echo "PostgreSQL did not start"; exit 1; }
  else
    echo "== PostgreSQL run SKIPPED: no server answers at $PG_SERVER (set CI=1 to require it)"
    PG=
  fi
fi

LOGS="$(mktemp -d)"
DB="dihub_run_$$"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -z "$PG" ] || $BIN/python scripts/pgdb.py drop "$PG_SERVER/postgres" "$DB" || true
}
trap cleanup EXIT

echo "== pytest on SQLite${PG:+ and, at the same time, on PostgreSQL (database $DB)}; logs in $LOGS"
env -u DATABASE_URL DIHUB_VAR_DIR="$(mktemp -d)" $BIN/pytest "$@" >"$LOGS/SQLite" 2>&1 &
PIDS+=($!)
if [ -n "$PG" ]; then
  $BIN/python scripts/pgdb.py create "$PG_SERVER/postgres" "$DB"
  DATABASE_URL="$PG_SERVER/$DB" DIHUB_VAR_DIR="$(mktemp -d)" $BIN/pytest "$@" \
    >"$LOGS/PostgreSQL" 2>&1 &
  PIDS+=($!)
fi

# Wait for both, keep both exit codes.
declare -A RC
NAMES=(SQLite ${PG:+PostgreSQL})
for i in "${!NAMES[@]}"; do
  RC[${NAMES[$i]}]=0
  wait "${PIDS[$i]}" || RC[${NAMES[$i]}]=$?
done
PIDS=()

# The logs, a failed run's last, then one summary line a run, again a failed run's last:
# the closing line of the output is pytest's own closing line of the worst run.
ORDER=()
for name in "${NAMES[@]}"; do [ "${RC[$name]}" = 0 ] && ORDER+=("$name"); done
for name in "${NAMES[@]}"; do [ "${RC[$name]}" = 0 ] || ORDER+=("$name"); done
for name in "${ORDER[@]}"; do
  echo "== pytest on $name (exit ${RC[$name]})"
  cat "$LOGS/$name"
done
echo "== summary"
status=0
for name in "${ORDER[@]}"; do
  printf '%-11s exit %s: %s\n' "$name" "${RC[$name]}" "$(grep -v '^\s*$' "$LOGS/$name" | tail -n 1)"
  [ "${RC[$name]}" = 0 ] || status=1
done
exit $status
