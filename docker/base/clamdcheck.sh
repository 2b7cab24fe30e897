#!/bin/bash
# Health check of the clamav service (the official image ships a script of the same name):
# clamd answers PONG to zPING on TCP 3310.
exec 3<>/dev/tcp/127.0.0.1/3310 || exit 1
printf 'zPING\0' >&3
IFS= read -r -d '' -t 5 answer <&3 || true
[ "$answer" = PONG ]
