#!/bin/bash
# Entry point of the locally built PostgreSQL image (docker/base-images.sh), with the interface of
# the official postgres image that docker-compose.yml relies on: POSTGRES_USER, POSTGRES_DB,
# POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE, data in PGDATA (/var/lib/postgresql/data), and any
# other command (pg_dump, the backup loop) run as given.
set -euo pipefail
: "${PGDATA:=/var/lib/postgresql/data}"
if [ "${1:-postgres}" != "postgres" ]; then
  exec "$@"
fi
shift || true
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /run/postgresql
  chown -R postgres:postgres "$PGDATA" /run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" postgres "$@"
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  password="${POSTGRES_PASSWORD:-}"
  if [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then password="$(cat "$POSTGRES_PASSWORD_FILE")"; fi
  [ -n "$password" ] || { echo "POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE is required" >&2; exit 1; }
  user="${POSTGRES_USER:-postgres}"
  pwfile="$(mktemp)"; printf '%s\n' "$password" >"$pwfile"
  initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  # The database is created with the server listening on the Unix socket only, so that the
  # health check (TCP) does not report ready before it exists.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  db="${POSTGRES_DB:-$user}"
  [ "$db" = postgres ] || createdb -U "$user" "$db"
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "database initialised in $PGDATA"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
