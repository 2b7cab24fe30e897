#!/bin/bash
# Database backups: `pg_dump -Fc` of the whole database, NAME-<UTC time>.dump in BACKUP_DIR, the
# newest BACKUP_KEEP kept. Next to every dump, NAME-<time>.counts holds the row count of every
# table, taken in the same snapshot as the dump (pg_export_snapshot), so that the restore drill
# (docker/restore-drill.sh) can prove that a restore brought back every row.
#
#   docker/backup.sh          every BACKUP_INTERVAL_SECONDS (the compose backup service)
#   docker/backup.sh once     one backup, then exit (make backup)
#   docker/backup.sh check    health check: the newest dump is younger than 2 intervals
#
# Connection: the libpq variables PGHOST, PGPORT, PGUSER, PGDATABASE, and PGPASSWORD or
# PGPASSWORD_FILE (a Docker/podman secret).
set -euo pipefail
BACKUP_DIR="${BACKUP_DIR:-/backups}"
BACKUP_KEEP="${BACKUP_KEEP:-14}"
BACKUP_INTERVAL_SECONDS="${BACKUP_INTERVAL_SECONDS:-86400}"
NAME="${BACKUP_NAME:-${PGDATABASE:-zvh}}"
if [ -n "${PGPASSWORD_FILE:-}" ]; then PGPASSWORD="$(cat "$PGPASSWORD_FILE")"; export PGPASSWORD; fi

# Exact row count of every table in the public schema, "table|count", sorted; in one query.
COUNTS_SQL="SELECT c.relname || '|' || (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM public.%I', c.relname), false, true, '')))[1]::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname;"

log() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) backup: $*"; }

backup_once() {
  local stamp target tmp snapshot line
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  target="$BACKUP_DIR/$NAME-$stamp"
  tmp="$BACKUP_DIR/.in-progress-$stamp"
  mkdir -p "$BACKUP_DIR"
  umask 077
  # A session that holds a REPEATABLE READ snapshot for pg_dump and counts rows in it.
  coproc SESSION { psql -X -q -A -t -v ON_ERROR_STOP=1; }
  echo "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot();" >&"${SESSION[1]}"
  read -r snapshot <&"${SESSION[0]}"
  pg_dump -Fc --snapshot="$snapshot" -f "$tmp.dump"
  echo "$COUNTS_SQL SELECT '--end--'; COMMIT;" >&"${SESSION[1]}"
  : >"$tmp.counts"
  while read -r line <&"${SESSION[0]}"; do
    [ "$line" = "--end--" ] && break
    echo "$line" >>"$tmp.counts"
  done
  exec {SESSION[1]}>&-
  wait "$SESSION_PID" 2>/dev/null || true
  pg_restore --list "$tmp.dump" >/dev/null   # the archive is readable
  mv "$tmp.counts" "$target.counts"
  mv "$tmp.dump" "$target.dump"
  log "$target.dump ($(stat -c %s "$target.dump") bytes, $(wc -l <"$target.counts") tables)"
  # Retention: the newest BACKUP_KEEP dumps (names sort by time).
  ls -1 "$BACKUP_DIR"/"$NAME"-*.dump | sort | head -n "-$BACKUP_KEEP" | while read -r old; do
    rm -f "$old" "${old%.dump}.counts"
    log "removed $old (keeping $BACKUP_KEEP)"
  done
}

case "${1:-loop}" in
  once) backup_once ;;
  check)
    newest="$(ls -1 "$BACKUP_DIR"/"$NAME"-*.dump 2>/dev/null | sort | tail -n 1)"
    [ -n "$newest" ] || { echo "no backup in $BACKUP_DIR yet"; exit 1; }
    age=$(( $(date +%s) - $(stat -c %Y "$newest") ))
    [ "$age" -le $((2 * BACKUP_INTERVAL_SECONDS)) ] || { echo "newest backup $newest is ${age}s old"; exit 1; }
    echo "newest backup $newest, ${age}s old" ;;
  loop)
    # PID 1 in its container: without a trap, bash ignores the SIGTERM of `docker stop` and is
    # killed only after the stop timeout. A backup under way is left unfinished (.in-progress-*).
    trap 'log "stopping"; exit 0' TERM INT
    until pg_isready -q; do sleep 2 & wait $!; done
    while true; do
      backup_once || log "FAILED (next attempt in ${BACKUP_INTERVAL_SECONDS}s)"
      sleep "$BACKUP_INTERVAL_SECONDS" & wait $!
    done ;;
  *) echo "usage: $0 [loop|once|check]" >&2; exit 2 ;;
esac
