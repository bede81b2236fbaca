#!/usr/bin/env bash
# bench/http.sh - requests/s and p50/p99 latency of public pages, served by gunicorn, with the page
# cache on (PAGE_CACHE_SECONDS=300) and off (0).
#
# Usage: bash bench/http.sh            (from the repository root, or via `make bench`)
#
# The data set (bench/make_dataset.py: 40 regions x 25 results) goes into a scratch database,
# never the developer's: a fresh SQLite file under /tmp, or, when DATABASE_URL is set, a
# PostgreSQL database named byregion_bench on the same server (dropped and created anew).
# gunicorn runs 2 workers with DEBUG off on 127.0.0.1; wrk runs each URL for BENCH_SECONDS
# (default 10) with BENCH_CONNECTIONS (default 8) on loopback only.
# The table is printed and kept in bench-results/http-<time>.md.
#
# Needs: wrk (apt-get install wrk), curl, the project's .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
GUNICORN=${GUNICORN:-.venv/bin/gunicorn}
PORT=${BENCH_PORT:-8799}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
REGIONS=${BENCH_REGIONS:-40}
RESULTS=${BENCH_RESULTS:-25}

command -v wrk >/dev/null || { echo "bench/http.sh: wrk is missing (apt-get install wrk)" >&2; exit 3; }
command -v curl >/dev/null || { echo "bench/http.sh: curl is missing" >&2; exit 3; }

WORK=$(mktemp -d /tmp/byregion-bench.XXXXXX)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -n "${DATABASE_URL:-}" ]; then
  case "$DATABASE_URL" in
    postgres://*|postgresql://*) ;;
    *) echo "bench/http.sh: DATABASE_URL must name a PostgreSQL server (or be unset for SQLite)" >&2; exit 2 ;;
  esac
  BENCH_DATABASE_URL="${DATABASE_URL%/*}/byregion_bench"
  SERVER_URL="${DATABASE_URL%/*}/postgres" "$PY" - <<'PYTHON'
import os
import dj_database_url
import psycopg2

config = dj_database_url.parse(os.environ["SERVER_URL"])
connection = psycopg2.connect(
    dbname=config["NAME"], user=config["USER"], password=config["PASSWORD"] or None,
    host=config["HOST"] or None, port=config["PORT"] or None,
)
connection.autocommit = True
with connection.cursor() as cursor:
    cursor.execute("DROP DATABASE IF EXISTS byregion_bench")
    cursor.execute("CREATE DATABASE byregion_bench")
PYTHON
else
  BENCH_DATABASE_URL="sqlite:///$WORK/bench.sqlite3"
fi

export DATABASE_URL="$BENCH_DATABASE_URL"
export DEBUG=false HTTPS=false LOG_LEVEL=WARNING
export SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export ALLOWED_HOSTS=127.0.0.1
export MEDIA_ROOT="$WORK/media" STATIC_ROOT="$WORK/static"
unset REDIS_URL

echo "== data set: $REGIONS regions x $RESULTS results into ${DATABASE_URL%%:*} scratch database"
"$PY" bench/make_dataset.py --regions "$REGIONS" --results "$RESULTS"
"$PY" manage.py collectstatic --noinput -v0

cat > "$WORK/report.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

serve() {
  PAGE_CACHE_SECONDS="$1" "$GUNICORN" byregion.wsgi --workers 2 --bind "127.0.0.1:$PORT" \
    --access-logfile /dev/null --error-logfile "$WORK/gunicorn.log" &
  SERVER_PID=$!
  for _ in $(seq 1 50); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "bench/http.sh: gunicorn did not answer; its log:" >&2
  cat "$WORK/gunicorn.log" >&2
  exit 4
}

stop() {
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}

PATHS=("/regionar/region-7/" "/resultat/" "/sok/?q=massivtre")
ROWS=()
measure() {
  local cache="$1" path url line
  for path in "${PATHS[@]}"; do
    url="http://127.0.0.1:$PORT$path"
    for _ in 1 2 3 4; do curl -fsS -o /dev/null "$url"; done
    line=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$WORK/report.lua" "$url" | grep '^RESULT ')
    read -r _ rps p50 p99 non2xx errors <<<"$line"
    ROWS+=("| \`$path\` | $cache | $rps | $p50 | $p99 | $non2xx | $errors |")
    echo "   $path ($cache): $rps req/s, p50 $p50 ms, p99 $p99 ms"
  done
}

echo "== cached (PAGE_CACHE_SECONDS=300)"
serve 300
measure "cached"
stop
echo "== uncached (PAGE_CACHE_SECONDS=0)"
serve 0
measure "uncached"
stop

mkdir -p bench-results
REPORT="bench-results/http-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "$(date -u +%Y-%m-%d), $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "${DATABASE_URL%%:*}, gunicorn 2 sync workers, wrk ${SECONDS_PER_RUN} s x $CONNECTIONS connections on loopback,"
  echo "$REGIONS regions x $RESULTS results."
  echo
  echo "| page | page cache | requests/s | p50 ms | p99 ms | non-2xx | socket errors |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${ROWS[@]}"
} | tee "$REPORT"
echo "(kept in $REPORT)"
