#!/bin/sh
# Entry point of the app image: for every NAME_FILE variable (a Docker/podman secret mounted as a
# file, e.g. SECRET_KEY_FILE=/run/secrets/secret_key), export NAME with the file's contents, then
# run the command. Secrets thus never sit in the compose file or in `podman inspect`.
# Health checks do not pass through an entry point, so those that load Django call this script.
set -eu
for name in $(env | sed -n 's/^\([A-Z][A-Z0-9_]*\)_FILE=.*/\1/p'); do
  eval "file=\${${name}_FILE}"
  # shellcheck disable=SC2154
  if [ ! -r "$file" ]; then
    echo "entrypoint: ${name}_FILE=$file is not a readable file" >&2
    exit 1
  fi
  value="$(cat "$file")"
  export "$name=$value"
  # Only NAME stays: settings that also read NAME_FILE themselves refuse both being set.
  unset "${name}_FILE"
done
exec "$@"
