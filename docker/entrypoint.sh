#!/bin/sh
# Container entry point. `web`: gunicorn (docker/gunicorn.conf.py, workers from WEB_CONCURRENCY).
# `migrate`: the one-shot service that migrates and loads the demo content (both idempotent)
# before any web container starts. Anything else runs as given, e.g. `bin/backup`.
set -eu

case "${1:-web}" in
  web)
    exec gunicorn byregion.wsgi:application --config docker/gunicorn.conf.py
    ;;
  migrate)
    python manage.py migrate --noinput
    if [ "${LOAD_DEMO:-true}" = "true" ]; then
      python manage.py load_demo
    fi
    ;;
  *)
    exec "$@"
    ;;
esac
