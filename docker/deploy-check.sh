#!/usr/bin/env bash
# make deploy-check: the deployment built and run for real with podman and podman-compose.
#   1. base images from Debian packages (docker/base-images.sh, cached), the app image on them;
#   2. the compose stack up (project "zvhcheck", its own volumes; proxy on 127.0.0.1:18443);
#   3. checks: every service healthy; migrations applied by the one-shot service; the login page
#      through the TLS proxy (certificate verified against Caddy's internal CA) and balanced over
#      two web replicas; a login with password and TOTP; a Celery task from web through Valkey to
#      the worker; exactly one beat; a PDF rendered inside the image with embedded fonts; numeric
#      non-root user, resource limits, log rotation, stop timeouts; a backup and the restore drill;
#   4. the stack taken down again (volumes removed; KEEP=1 leaves it running).
# Prints the time of every step. Needs root podman with runc (docker/podman/containers.conf).
# Variables: DEPLOY_CHECK_PORT (18443), WEB_REPLICAS (2), KEEP (0), DEPLOY_CHECK_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/docker/podman/containers.conf}"
PROJECT=zvhcheck
PORT="${DEPLOY_CHECK_PORT:-18443}"
WORK="${DEPLOY_CHECK_DIR:-/tmp/zvh-deploy-check}"
KEEP="${KEEP:-0}"
export WEB_REPLICAS="${WEB_REPLICAS:-2}"
# Not localhost: production refuses a local SITE_URL. Resolved to 127.0.0.1 by the check itself.
SITE_HOST=zaaksysteem.zvh.test
BASE_URL="https://$SITE_HOST:$PORT"
CURL=(curl -sS --resolve "$SITE_HOST:$PORT:127.0.0.1")
CHECK_START=$SECONDS
TIMINGS=()

compose() { podman-compose -p "$PROJECT" -f "$ROOT/docker-compose.yml" "$@"; }
ctr() { echo "${PROJECT}_$1_${2:-1}"; }
in_app() { local c="$1"; shift; podman exec "$c" /app/docker/entrypoint.sh "$@"; }
say() { printf '    %s\n' "$*"; }
fail() { printf 'deploy-check: FAILED: %s\n' "$*" >&2; exit 1; }
step() {  # step "title" function: runs it, prints its time
  local title="$1" started=$SECONDS
  shift
  printf '\n== %s\n' "$title"
  "$@"
  local took=$((SECONDS - started))
  TIMINGS+=("$(printf '%4ss  %s' "$took" "$title")")
  printf -- '-- %s: %ss\n' "$title" "$took"
}

wait_healthy() {  # container timeout: runs the health check (no systemd timers here) until it passes
  local c="$1" limit="$2" started=$SECONDS output
  while true; do
    if output="$(podman healthcheck run "$c" 2>&1)"; then
      say "$c healthy after $((SECONDS - started))s"
      return 0
    fi
    [ "$(podman inspect --format '{{.State.Running}}' "$c" 2>/dev/null)" = true ] || {
      podman logs --tail 30 "$c" >&2 || true
      fail "$c is not running"
    }
    if [ $((SECONDS - started)) -ge "$limit" ]; then
      podman logs --tail 30 "$c" >&2 || true
      fail "$c not healthy after ${limit}s: $output"
    fi
    sleep 2
  done
}

teardown() {
  local status=$?
  if [ "$KEEP" = 1 ]; then
    echo "KEEP=1: the stack keeps running (podman-compose -p $PROJECT down -v to remove it)"
  elif [ -n "${STACK_UP:-}" ]; then
    local started=$SECONDS
    printf '\n== take the stack down\n'
    compose down -v -t 60 >/dev/null 2>&1 || true
    podman volume ls -q | grep "^${PROJECT}_" | xargs -r podman volume rm >/dev/null 2>&1 || true
    TIMINGS+=("$(printf '%4ss  %s' "$((SECONDS - started))" "take the stack down")")
  fi
  printf '\n== timings\n'
  printf '%s\n' "${TIMINGS[@]}"
  printf '%4ss  total\n' "$((SECONDS - CHECK_START))"
  if [ "$status" = 0 ] && [ -n "${FINISHED:-}" ]; then echo "deploy-check: OK"; else echo "deploy-check: FAILED (exit $status)"; fi
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

preflight() {
  for tool in podman podman-compose mmdebstrap runc curl python3; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (Debian: podman podman-compose runc mmdebstrap)"
  done
  say "$(podman --version), $(podman-compose --version 2>/dev/null | grep -m1 -i 'podman-compose'), runtime $(podman info --format '{{.Host.OCIRuntime.Name}}'), storage $(podman info --format '{{.Store.GraphDriverName}}')"
}

base_images() {
  local line
  while IFS= read -r line; do export "${line?}"; say "$line"; done < <(docker/base-images.sh)
}

app_image() {
  podman build --quiet \
    --build-arg PYTHON_IMAGE="$PYTHON_IMAGE" --build-arg NODE_IMAGE="$NODE_IMAGE" \
    -t localhost/zvh-zaaksysteem:check "$ROOT" >/dev/null
  export ZVH_IMAGE_TAG=check
  say "localhost/zvh-zaaksysteem:check, $(podman image inspect --format '{{.Size}}' localhost/zvh-zaaksysteem:check | awk '{printf "%d MB", $1 / 1e6}')"
}

configure() {
  rm -rf "$WORK"
  mkdir -p "$WORK"
  chmod 700 "$WORK"
  docker/make-secrets.sh "$WORK/secrets" | sed 's/^/    /'
  cat >"$WORK/zvh.env" <<ENV
SITE_URL=$BASE_URL
ALLOWED_HOSTS=$SITE_HOST
CSRF_TRUSTED_ORIGINS=$BASE_URL
SECURE_HSTS_SECONDS=0
EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
LOG_LEVEL=INFO
WEB_CONCURRENCY=2
ENV
  export ZVH_ENV_FILE="$WORK/zvh.env" ZVH_SECRETS_DIR="$WORK/secrets" PROXY_PORT="$PORT" SITE_HOST
  export BACKUP_KEEP=3 BACKUP_INTERVAL_SECONDS=3600
  # No signature download here (no registry, no ClamAV mirror): the project's test signatures.
  export CLAMAV_SIGNATURES="$ROOT/docker/clamav-test" FRESHCLAM=false
  say "secrets in $WORK/secrets, settings in $WORK/zvh.env, $WEB_REPLICAS web replicas"
  # A stack left over from an interrupted run.
  compose down -v -t 5 >/dev/null 2>&1 || true
}

backing_services() {
  STACK_UP=1
  compose up -d --no-build db valkey objectstore clamav >"$WORK/up-backing.log" 2>&1 || { cat "$WORK/up-backing.log"; fail "podman-compose up"; }
  for s in db valkey objectstore clamav; do wait_healthy "$(ctr "$s")" 180; done
}

migrations() {
  # podman-compose 1.0 ignores depends_on conditions, so the one-shot is started on its own
  # once the database is healthy (docker compose waits by itself).
  compose up -d --no-build --no-deps migrate >"$WORK/up-migrate.log" 2>&1 || { cat "$WORK/up-migrate.log"; fail "up migrate"; }
  local code
  code="$(podman wait "$(ctr migrate)")"
  podman logs "$(ctr migrate)" >"$WORK/migrate.log" 2>&1
  [ "$code" = 0 ] || { tail -30 "$WORK/migrate.log"; fail "migrate exited with $code"; }
  say "migrate exited 0 after applying $(grep -c 'Applying ' "$WORK/migrate.log") migrations"
}

app_services() {
  compose up -d --no-build >"$WORK/up-all.log" 2>&1 || { cat "$WORK/up-all.log"; fail "podman-compose up"; }
  # podman-compose starts the exited one-shot again: it finds nothing to do.
  [ "$(podman wait "$(ctr migrate)")" = 0 ] || fail "migrate (second start) failed"
  local i
  for i in $(seq 1 "$WEB_REPLICAS"); do wait_healthy "$(ctr web "$i")" 180; done
  for s in worker beat proxy backup; do wait_healthy "$(ctr "$s")" 240; done
}

all_healthy() {
  local c status unhealthy=0
  while read -r c; do
    status="$(podman inspect --format '{{.State.Status}} {{.State.Health.Status}}' "$c")"
    say "$c: $status"
    case "$c" in
      *_migrate_*) [[ "$status" == exited* ]] && [ "$(podman inspect --format '{{.State.ExitCode}}' "$c")" = 0 ] || unhealthy=1 ;;
      *) [ "$status" = "running healthy" ] || unhealthy=1 ;;
    esac
  done < <(podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}' | sort)
  [ "$unhealthy" = 0 ] || fail "not every service is healthy"
  in_app "$(ctr web)" python manage.py migrate --check >/dev/null || fail "unapplied migrations"
  say "manage.py migrate --check in web: nothing left to apply"
}

operator_properties() {
  local c
  for c in "$(ctr web)" "$(ctr worker)" "$(ctr beat)"; do
    [ "$(podman exec "$c" id -u)" = 10001 ] || fail "$c does not run as uid 10001"
  done
  say "web, worker and beat run as uid $(podman exec "$(ctr web)" id -u):$(podman exec "$(ctr web)" id -g)"
  for c in $(podman ps --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}' | sort); do
    say "$c: memory limit $(podman inspect --format '{{.HostConfig.Memory}}' "$c" | awk '{printf "%d MB", $1 / 1048576}'), cpus $(podman inspect --format '{{.HostConfig.NanoCpus}}' "$c" | awk '{print $1 / 1e9}'), log $(podman inspect --format '{{.HostConfig.LogConfig.Type}} {{.HostConfig.LogConfig.Size}}' "$c"), stop timeout $(podman inspect --format '{{.Config.StopTimeout}}' "$c")s"
    [ "$(podman inspect --format '{{.HostConfig.Memory}}' "$c")" -gt 0 ] || fail "$c has no memory limit"
  done
  # The secrets are files, not environment variables visible in `podman inspect`.
  if podman inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$(ctr web)" | grep -q "^SECRET_KEY="; then
    fail "SECRET_KEY is in the container's configured environment"
  fi
  [ "$(in_app "$(ctr web)" python -c 'import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)')" = "$(cat "$WORK/secrets/secret_key")" ] \
    || fail "the app did not get SECRET_KEY from /run/secrets/secret_key"
  say "SECRET_KEY and the database password come from /run/secrets (not in podman inspect)"
}

proxy_login_page() {
  podman cp "$(ctr proxy):/data/caddy/pki/authorities/local/root.crt" "$WORK/caddy-root.crt"
  local out
  out="$("${CURL[@]}" --cacert "$WORK/caddy-root.crt" -D "$WORK/login.headers" -o "$WORK/login.html" -w '%{http_code} %{ssl_verify_result}' "$BASE_URL/inloggen/")"
  [ "$out" = "200 0" ] || fail "GET $BASE_URL/inloggen/ answered $out"
  grep -q 'name="password"' "$WORK/login.html" || fail "no login form"
  say "GET $BASE_URL/inloggen/: 200, certificate verified against Caddy's internal CA, login form present"
  grep -qi '^x-frame-options: DENY' "$WORK/login.headers" || fail "no X-Frame-Options from Django"
  # Plain HTTP to gunicorn would be redirected: the app trusts the proxy's X-Forwarded-Proto.
  say "Django saw HTTPS through the proxy (no redirect loop; BEHIND_TRUSTED_PROXY=true)"
  local served i
  served="$(for i in $(seq 1 12); do "${CURL[@]}" --cacert "$WORK/caddy-root.crt" -o /dev/null -D - "$BASE_URL/gezondheid/" | tr -d '\r' | sed -n 's/^[Xx]-[Ss]erved-[Bb]y: //p'; done | sort | uniq -c)"
  say "12 requests spread over the web replicas:"; echo "$served" | sed 's/^/      /'
  [ "$(echo "$served" | wc -l)" -ge "$WEB_REPLICAS" ] || fail "the proxy did not balance over $WEB_REPLICAS replicas"
}

password_and_totp_login() {
  local key
  key="$(python3 -c 'import secrets; print(secrets.token_hex(20))')"
  in_app "$(ctr web)" python manage.py shell -c "
from django_otp.plugins.otp_totp.models import TOTPDevice
from partners.models import User
user = User.objects.create_user(username='deploycheck', password='Deploy-check-1-wachtwoord')
TOTPDevice.objects.create(user=user, name='deploy-check', key='$key', confirmed=True)
print('user', user.pk)
" >/dev/null
  say "user deploycheck with a confirmed TOTP app created in web"
  RESOLVE_TO=127.0.0.1 python3 docker/deploy_check_login.py "$BASE_URL" "$WORK/caddy-root.crt" deploycheck Deploy-check-1-wachtwoord "$key" | sed 's/^/    /'
}

celery_round_trip() {
  local id
  id="$(in_app "$(ctr web)" python -c '
import django; django.setup()
from zvh.celery import app
print(app.send_task("notifications.tasks.dispatch_outbox_task").id)')"
  say "web published notifications.tasks.dispatch_outbox_task[$id] to Valkey"
  local i
  for i in $(seq 1 30); do
    if podman logs "$(ctr worker)" 2>&1 | grep -q "\[$id\] succeeded"; then
      say "worker: $(podman logs "$(ctr worker)" 2>&1 | grep "\[$id\] succeeded" | sed 's/.*\(Task \)/\1/' | head -1)"
      return 0
    fi
    sleep 1
  done
  podman logs --tail 20 "$(ctr worker)" >&2
  fail "the worker did not run task $id"
}

single_beat() {
  local beats nodes
  beats="$(podman ps --filter "label=io.podman.compose.project=$PROJECT" --filter "label=com.docker.compose.service=beat" --format '{{.Names}}' | wc -l)"
  [ "$beats" = 1 ] || fail "$beats beat containers"
  nodes="$(in_app "$(ctr worker)" celery -A zvh inspect ping --timeout 5 2>/dev/null | grep -o 'celery\(beat\)\?@[A-Za-z0-9_.-]*' | sort -u)"
  echo "$nodes" | sed 's/^/    answers: /'
  [ "$(echo "$nodes" | grep -c '^celerybeat@')" = 1 ] || fail "not exactly one beat answers on the broker"
  [ "$(echo "$nodes" | grep -c '^celery@')" -ge 1 ] || fail "no worker answers on the broker"
  podman logs "$(ctr beat)" 2>&1 | grep -q "beat: Starting" || fail "beat did not start its scheduler"
  say "one beat container, one celerybeat node on the broker, scheduler started"
}

pdf_in_image() {
  # The app's own renderer (zvh/pdf.py); object streams are compressed, so they are inflated
  # before looking for the embedded font programs (FontFile2/3) and their names.
  in_app "$(ctr worker)" python -c '
import re, zlib, django
django.setup()
from zvh.pdf import html_to_pdf
pdf = html_to_pdf("<html lang=\"nl\"><body><h1>Casus ZVH-2026-0001</h1><p>Overleg één – €</p></body></html>")
assert pdf.startswith(b"%PDF"), pdf[:20]
parts = [pdf]
for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
    try:
        parts.append(zlib.decompress(stream))
    except zlib.error:
        pass
text = b"".join(parts)
assert re.search(rb"/FontFile[23]?", text), "no embedded font"
names = sorted({n.decode() for n in re.findall(rb"/BaseFont\s*/([A-Za-z0-9+_-]+)", text)})
print(f"{len(pdf)} bytes, embedded fonts {names}")
' 2>/dev/null | sed 's/^/    PDF rendered in the worker container: /'
}

backup_and_restore_drill() {
  podman exec "$(ctr backup)" bash /usr/local/bin/zvh-backup.sh once | sed 's/^/    /'
  podman exec "$(ctr backup)" ls -1 /backups | sed 's/^/    \/backups\//'
  podman exec -e DRILL_DB=zvh_restore_drill -e PGDATABASE=zvh "$(ctr backup)" bash /usr/local/bin/zvh-restore-drill.sh | sed 's/^/    /'
  # Step 3 of the drill, the application on the copy, in the app image.
  in_app "$(ctr web)" sh -c 'DATABASE_URL="${DATABASE_URL%/*}/zvh_restore_drill" exec python docker/drill_app_check.py' 2>&1 \
    | grep -v '^?: \|^$\|^WARNINGS:\|^System check' | sed 's/^/    /'
  [ "${PIPESTATUS[0]}" = 0 ] || fail "the application did not start on the restored copy"
  podman exec "$(ctr backup)" bash /usr/local/bin/zvh-restore-drill.sh drop | sed 's/^/    /'
}

step "preflight" preflight
step "base images (mmdebstrap, cached)" base_images
step "app image (podman build)" app_image
step "configuration and secrets" configure
step "db, valkey, objectstore, clamav up and healthy" backing_services
step "one-shot migrate" migrations
step "web x$WEB_REPLICAS, worker, beat, proxy, backup up and healthy" app_services
step "every service healthy, migrations applied" all_healthy
step "non-root user, limits, log rotation, secrets" operator_properties
step "login page through the TLS proxy, balanced" proxy_login_page
step "login with password and TOTP" password_and_totp_login
step "Celery task round trip through Valkey" celery_round_trip
step "beat runs exactly once" single_beat
step "PDF rendered inside the image" pdf_in_image
step "backup and restore drill in the stack" backup_and_restore_drill
FINISHED=1
