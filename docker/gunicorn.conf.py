"""Gunicorn settings for the container; every value can be changed through the environment."""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Sync workers: the app is I/O-light and every page is cached; two per core is the usual start.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never grows into an outage.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The heartbeat files live in memory; /tmp in a container may be a slow overlay.
worker_tmp_dir = "/dev/shm"  # noqa: S108 (private to the container)
# Requests arrive from the proxy container; Django reads X-Forwarded-Proto itself (settings).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
# Byregion writes its own JSON access line per request (byregion/middleware.py).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
