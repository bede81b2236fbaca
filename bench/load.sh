#!/usr/bin/env bash
# Bounded load test: wrk, 16 connections for 60 s, over a mix of public pages (front page, region
# list, region pages, result list, result pages, search) against gunicorn on 127.0.0.1 only, with
# production settings and a scratch database that bench/make_dataset.py fills with demo-like
# content (40 regions, 1000 results). Any response outside 2xx/3xx or any socket error fails it.
#
#   bench/load.sh            (or: make load)
#   env: DURATION=60s CONNECTIONS=16 THREADS=2 WORKERS=4
#        LOAD_DATABASE=sqlite (default, a file under /tmp) or postgresql (byregion_bench on
#        LOAD_POSTGRES=postgres://postgres@127.0.0.1:5432, created when missing)
#
# Prints the figures and writes them to bench-results/load.json. Exit codes: 0 no errors,
# 1 errors or a page that did not answer 200 before the run, 3 a tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
WORKERS=${WORKERS:-4}
LOAD_DATABASE=${LOAD_DATABASE:-sqlite}
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
say() { printf 'load: %s\n' "$*" >&2; }

for tool in wrk curl; do
  command -v "$tool" >/dev/null || { say "$tool is missing (apt-get install $tool)"; exit 3; }
done

work=$(mktemp -d /tmp/byregion-load.XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

case "$LOAD_DATABASE" in
  sqlite) DATABASE_URL="sqlite:///$work/load.sqlite3" ;;
  postgresql)
    server=${LOAD_POSTGRES:-postgres://postgres@127.0.0.1:5432}
    psql "$server/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = 'byregion_bench'" \
      | grep -q 1 || psql "$server/postgres" -qc "CREATE DATABASE byregion_bench"
    DATABASE_URL="$server/byregion_bench"
    ;;
  *) say "LOAD_DATABASE must be sqlite or postgresql"; exit 2 ;;
esac

port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export DJANGO_SETTINGS_MODULE=byregion.settings DEBUG=false HTTPS=false \
  SECRET_KEY="load-test-$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(40))')" \
  ALLOWED_HOSTS=127.0.0.1 DATABASE_URL STATIC_ROOT="$work/static" MEDIA_ROOT="$work/media" \
  LOG_LEVEL=INFO
unset REDIS_URL BYREGION_TESTING

say "scratch database ($LOAD_DATABASE) and static files"
LOG_LEVEL=WARNING "$PYTHON" manage.py collectstatic --noinput -v0
LOG_LEVEL=WARNING "$PYTHON" bench/make_dataset.py >&2

say "choosing pages"
LOG_LEVEL=WARNING "$PYTHON" - > "$work/paths.txt" <<'PY'
import django

django.setup()
from cases.models import ResultExample
from regions.models import Region

regions = list(Region.objects.published().order_by("pk").values_list("slug", flat=True))
results = list(
    ResultExample.objects.public().order_by("pk").values_list("region__slug", "slug")
)
paths = ["/", "/regionar/", "/regionar/?fase=2", "/resultat/", "/resultat/?side=2",
         "/resultat/?tema=bustad", "/sok/?q=samarbeid", "/sok/?q=bustad",
         "/sok/?q=n%C3%A6ringshage", "/sok/?q=innkj%C3%B8p+anbod"]
paths += [f"/regionar/{slug}/" for slug in regions[::4]]
paths += [f"/regionar/{region}/{slug}/" for region, slug in results[::50]]
print("\n".join(paths))
PY

say "gunicorn with $WORKERS workers on 127.0.0.1:$port"
"$PYTHON" -m gunicorn byregion.wsgi:application --bind "127.0.0.1:$port" --workers "$WORKERS" \
  --timeout 30 --error-logfile "$work/gunicorn.log" 2>>"$work/app.log" &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fso /dev/null "http://127.0.0.1:$port/helse/" && break
  sleep 0.1
done

failed=0
while read -r path; do
  status=$(curl -so /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")
  if [ "$status" != 200 ]; then
    say "$path answered $status before the run"
    failed=1
  fi
done < "$work/paths.txt"
[ "$failed" = 0 ] || exit 1

say "wrk: $CONNECTIONS connections, $THREADS threads, $DURATION over $(wc -l < "$work/paths.txt") paths"
wrk --threads "$THREADS" --connections "$CONNECTIONS" --duration "$DURATION" --timeout 10s \
  --latency --script bench/load.lua "http://127.0.0.1:$port" -- "$work/paths.txt" \
  > "$work/wrk.out"
summary=$(grep '^{"requests"' "$work/wrk.out")
grep -E "Non-2xx|Socket errors" "$work/wrk.out" >&2 || true

mkdir -p bench-results
"$PYTHON" - "$summary" "$LOAD_DATABASE" "$WORKERS" "$CONNECTIONS" "$DURATION" <<'PY' | tee bench-results/load.json
import json, sys

summary = json.loads(sys.argv[1])
summary.update(database=sys.argv[2], workers=int(sys.argv[3]),
               connections=int(sys.argv[4]), duration=sys.argv[5])
print(json.dumps(summary, indent=2))
PY
errors=$("$PYTHON" -c 'import json, sys; print(sum(json.loads(sys.argv[1])["errors"].values()))' "$summary")
if [ "$errors" != 0 ]; then
  say "FAILED: $errors errors (non-2xx/3xx responses or socket errors); see the summary above"
  exit 1
fi
say "no errors"
