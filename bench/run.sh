#!/usr/bin/env bash
# make bench: the key pages at the size of the largest chain, on a throwaway PostgreSQL.
#   bench/run.sh                              seed scale 1 (BENCH_SCALE), measure, clean up
#   BENCH_SCALE=0.1 bench/run.sh              a smaller organisation
#   BENCH_SKIP_SEED=1 DATABASE_URL=postgres://... bench/run.sh
#                                             measure an existing, already seeded database
# Results: bench/out/results.md and results.json (plans, profiles and logs next to them).
# Options after the script name go to bench/bench.py (e.g. --duration 5).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

if [ -n "${BENCH_SKIP_SEED:-}" ]; then
  [ -n "${DATABASE_URL:-}" ] || { echo "BENCH_SKIP_SEED needs DATABASE_URL" >&2; exit 1; }
elif [ -z "${BENCH_IN_CLUSTER:-}" ]; then
  # Start a throwaway cluster and run this script again inside it.
  export BENCH_IN_CLUSTER=1
  exec scripts/with-postgres.sh "$0" "$@"
fi

mkdir -p bench/out
export DEBUG=0 ALLOWED_HOSTS=127.0.0.1 SECURE_SSL=0 CONN_MAX_AGE=60 LOG_LEVEL=WARNING
export SECRET_KEY="bench-$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export STATIC_ROOT="$PWD/bench/out/staticfiles"

echo "==> migrate"
"$PY" manage.py migrate --no-input -v 0
if [ -z "${BENCH_SKIP_SEED:-}" ]; then
  echo "==> seed_large --scale ${BENCH_SCALE:-1}"
  "$PY" manage.py seed_large --scale "${BENCH_SCALE:-1}" --force | tee bench/out/seed.log
else
  rm -f bench/out/seed.log
fi
echo "==> collectstatic"
"$PY" manage.py collectstatic --no-input -v 0
echo "==> measure"
"$PY" bench/bench.py "$@"
