#!/usr/bin/env bash
# Run the production setup locally: gunicorn (sync workers) + whitenoise and the background
# worker (manage.py db_worker), DEBUG off,
# settings from an env file (default .env; see .env.example for every variable).
#   scripts/serve.sh [ENV_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
env_file="${1:-.env}"
if [ ! -f "$env_file" ]; then
  echo "No $env_file: creating one for a local try-out (HTTP on 127.0.0.1, SQLite, random key)."
  key=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
  {
    echo "SECRET_KEY=$key"
    echo "ALLOWED_HOSTS=127.0.0.1,localhost"
    echo "DEBUG=0"
    echo "# Local HTTP only; in production keep SECURE_SSL=1 behind a TLS proxy."
    echo "SECURE_SSL=0"
    echo "GUNICORN_BIND=127.0.0.1:8000"
  } > "$env_file"
  chmod 600 "$env_file"
fi
set -a
# shellcheck disable=SC1090
. "$(realpath "$env_file")"
set +a
.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py collectstatic --no-input -v 0
workers="${GUNICORN_WORKERS:-$(( $(nproc) * 2 + 1 ))}"
echo "Serving on http://${GUNICORN_BIND:-127.0.0.1:8000} with $workers sync workers (DEBUG off)"
# Background jobs (e-mail, imports): one worker beside gunicorn, stopped with it. In
# production run it as its own service instead (README, "Background jobs and e-mail").
.venv/bin/python manage.py db_worker --no-reload &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT INT TERM
.venv/bin/gunicorn ouderportaal.wsgi:application \
  --bind "${GUNICORN_BIND:-127.0.0.1:8000}" \
  --workers "$workers" --worker-class sync \
  --timeout 30 --graceful-timeout 20 --max-requests 2000 --max-requests-jitter 200 \
  --access-logfile - --access-logformat '"%(m)s %(U)s" %(s)s %(b)s %(L)ss'
