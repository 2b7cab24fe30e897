#!/bin/bash
# Restore drill (BIO 8.13: a tested restore): the newest backup of docker/backup.sh restored into
# a fresh database, then
#   1. the row count of every table equals the count taken in the backup's own snapshot;
#   2. the access log is still append-only in the copy: its triggers are there and enabled, and
#      UPDATE, DELETE and TRUNCATE of restored rows are refused (each tried in a rolled-back
#      transaction);
#   3. the application starts on it: APP_CHECK (a command, run with DRILL_DATABASE_URL exported;
#      docker/drill_app_check.py) when given. The Makefile runs the app part in the app image.
#
#   docker/restore-drill.sh [restore]   restore + checks 1-3, keeps the drill database
#   docker/restore-drill.sh drop        remove the drill database
#
# Environment: BACKUP_DIR, BACKUP_NAME (as for backup.sh), DRILL_DB (default zvh_restore_drill),
# the libpq variables of the server to restore on (PGHOST, PGPORT, PGUSER, PGPASSWORD or
# PGPASSWORD_FILE), DRILL_DATABASE_URL_BASE (the URL the app uses for that server, without the
# database name; default postgres://$PGUSER@$PGHOST:$PGPORT).
set -euo pipefail
BACKUP_DIR="${BACKUP_DIR:-/backups}"
NAME="${BACKUP_NAME:-${PGDATABASE:-zvh}}"
DRILL_DB="${DRILL_DB:-zvh_restore_drill}"
if [ -n "${PGPASSWORD_FILE:-}" ]; then PGPASSWORD="$(cat "$PGPASSWORD_FILE")"; export PGPASSWORD; fi
export PGDATABASE="${PGDATABASE:-postgres}"
export PGOPTIONS="${PGOPTIONS:--c client_min_messages=warning}"
COUNTS_SQL="SELECT c.relname || '|' || (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM public.%I', c.relname), false, true, '')))[1]::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname;"
ACCESS_LOG=privacy_accesslogentry

step() { echo "restore-drill: $*"; }
fail() { echo "restore-drill: FAILED: $*" >&2; exit 1; }
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DRILL_DB" "$@"; }

if [ "${1:-restore}" = drop ]; then
  dropdb --if-exists "$DRILL_DB"
  step "dropped $DRILL_DB"
  exit 0
fi

dump="$(ls -1 "$BACKUP_DIR"/"$NAME"-*.dump 2>/dev/null | sort | tail -n 1 || true)"
[ -n "$dump" ] || fail "no backup $BACKUP_DIR/$NAME-*.dump"
counts="${dump%.dump}.counts"
[ -s "$counts" ] || fail "$counts is missing: the backup has no row counts to compare with"
step "newest backup $dump ($(stat -c %s "$dump") bytes, taken $(date -u -r "$dump" +%Y-%m-%dT%H:%M:%SZ))"

start=$SECONDS
dropdb --if-exists "$DRILL_DB"
createdb "$DRILL_DB"
# --no-owner: the drill may run as another role than the one that owned the original objects.
pg_restore --exit-on-error --no-owner --no-acl -d "$DRILL_DB" "$dump"
step "restored into fresh database $DRILL_DB in $((SECONDS - start))s"

# 1. Row counts, table by table.
restored="$(q -c "$COUNTS_SQL")"
if ! differences="$(diff <(cat "$counts") <(echo "$restored"))"; then
  echo "$differences" >&2
  fail "row counts differ from the backup's snapshot (< backup, > restored)"
fi
tables=$(wc -l <"$counts")
rows=$(awk -F'|' '{s += $2} END {print s + 0}' "$counts")
step "row counts identical: $tables tables, $rows rows"

# 2. Append-only access log.
enabled="$(q -c "SELECT string_agg(tgname, ',' ORDER BY tgname) FROM pg_trigger WHERE tgrelid = 'public.$ACCESS_LOG'::regclass AND NOT tgisinternal AND tgenabled = 'O'")"
for trigger in privacy_access_log_append_only privacy_access_log_refuses_truncate; do
  [[ ",$enabled," == *",$trigger,"* ]] || fail "trigger $trigger is missing or disabled on $ACCESS_LOG (enabled: $enabled)"
done
refused() {  # statement; must fail with the trigger's message
  local output
  if output="$(q -c "BEGIN; $1; ROLLBACK;" 2>&1)"; then fail "the copy accepted: $1"; fi
  [[ "$output" == *"alleen-toevoegen"* ]] || fail "$1 failed for another reason: $output"
}
entries="$(q -c "SELECT count(*) FROM $ACCESS_LOG")"
if [ "$entries" -gt 0 ]; then
  refused "UPDATE $ACCESS_LOG SET reason = 'overschreven' WHERE id = (SELECT min(id) FROM $ACCESS_LOG)"
  refused "DELETE FROM $ACCESS_LOG WHERE id = (SELECT min(id) FROM $ACCESS_LOG)"
  step "access log append-only: UPDATE and DELETE of restored entries refused"
else
  step "access log is empty in this backup: triggers present; UPDATE/DELETE are tried on a probe entry by the app check"
fi
refused "TRUNCATE $ACCESS_LOG"
[ "$(q -c "SELECT count(*) FROM $ACCESS_LOG")" = "$entries" ] || fail "access log changed"
step "access log append-only: TRUNCATE refused, $entries entries intact"

# 3. The application on the copy.
base="${DRILL_DATABASE_URL_BASE:-postgres://${PGUSER:-postgres}@${PGHOST:-127.0.0.1}:${PGPORT:-5432}}"
export DRILL_DATABASE_URL="$base/$DRILL_DB"
if [ -n "${APP_CHECK:-}" ]; then
  step "application check: $APP_CHECK"
  DATABASE_URL="$DRILL_DATABASE_URL" bash -c "$APP_CHECK"
fi
step "OK ($((SECONDS - start))s)"
