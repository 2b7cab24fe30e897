#!/bin/bash
# Entry point of the locally built ClamAV image (docker/base-images.sh): fetch signatures with
# freshclam when there are none (skip with FRESHCLAM=false, e.g. when test signatures are
# mounted), then clamd in the foreground on TCP 3310, like the official clamav/clamav image.
set -euo pipefail
if [ "${FRESHCLAM:-true}" != "false" ] && ! ls /var/lib/clamav/*.cvd /var/lib/clamav/*.cld >/dev/null 2>&1; then
  freshclam --foreground --stdout || echo "freshclam failed; clamd needs signatures in /var/lib/clamav" >&2
fi
exec clamd --foreground --config-file=/etc/clamav/clamd-container.conf
