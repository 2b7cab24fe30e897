#!/bin/sh
# The secret files of docker-compose.yml, generated: docker/make-secrets.sh [DIR] (default
# ./secrets). Existing files are kept. Readable for the containers' users through the bind
# mount (mode 0644), in a directory only root can enter (0700).
set -eu
dir="${1:-secrets}"
mkdir -p "$dir"
chmod 700 "$dir"
random() { python3 -c "import secrets; print(secrets.token_urlsafe($1), end='')"; }
[ -s "$dir/secret_key" ] || random 50 >"$dir/secret_key"
[ -s "$dir/postgres_password" ] || random 24 >"$dir/postgres_password"
# The same password, as the URL the app connects with (token_urlsafe needs no escaping).
printf 'postgres://zvh:%s@db:5432/zvh' "$(cat "$dir/postgres_password")" >"$dir/database_url"
[ -s "$dir/documents_s3_access_key" ] || printf 'zvh-%s' "$(random 12)" >"$dir/documents_s3_access_key"
[ -s "$dir/documents_s3_secret_key" ] || random 30 >"$dir/documents_s3_secret_key"
cat >"$dir/objectstore_s3_config" <<JSON
{"identities": [{"name": "zvh", "credentials": [{"accessKey": "$(cat "$dir/documents_s3_access_key")", "secretKey": "$(cat "$dir/documents_s3_secret_key")"}], "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
JSON
[ -e "$dir/email_host_password" ] || : >"$dir/email_host_password"
chmod 644 "$dir"/*
echo "secrets in $dir: $(ls "$dir" | tr '\n' ' ')"
