"""The site survives its database going away: a friendly 503, then recovery without a restart.

Also the structured logs that tell an operator what happened: one JSON line per request and per
error, tied together by the request id that is echoed to the client.
"""

import io
import json
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.urls import path

from byregion.logging import JsonFormatter, RequestIdFilter
from tests.servers import fetch, free_port, manage, site_env, start_gunicorn, wait_for

FRIENDLY = "Sida er mellombels utilgjengeleg"


def _boom(request):
    raise RuntimeError("kaboom in a view")


def _database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


def _connection_gone(request):
    raise InterfaceError("connection already closed")


def _writes_session(request):
    request.session["seen"] = True
    return HttpResponse("ok")


def _ok(request):
    return HttpResponse("ok")


urlpatterns = [
    path("boom/", _boom),
    path("database-gone/", _database_gone),
    path("connection-gone/", _connection_gone),
    path("writes-session/", _writes_session),
    path("ok/", _ok),
]

in_this_urlconf = pytest.mark.urls(__name__)


@pytest.fixture
def json_log():
    """Capture what the site logs, formatted as the console handler formats it: JSON lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(name) for name in ("byregion", "django.request")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def assert_friendly_503(response):
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert FRIENDLY in body
    assert "Traceback" not in body
    assert "OperationalError" not in body and "InterfaceError" not in body
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@in_this_urlconf
@pytest.mark.parametrize("url", ["/database-gone/", "/connection-gone/"])
def test_a_lost_database_gives_a_friendly_503(client, url):
    assert_friendly_503(client.get(url))


@in_this_urlconf
def test_a_lost_database_in_a_middleware_gives_the_503_too(client, monkeypatch, db):
    def refuse(self, must_create=False):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(SessionStore, "save", refuse)
    client.raise_request_exception = False
    assert_friendly_503(client.get("/writes-session/"))


@in_this_urlconf
def test_the_503_never_shows_a_traceback_even_with_debug_on(client, settings):
    settings.DEBUG = True
    assert_friendly_503(client.get("/database-gone/"))


@in_this_urlconf
def test_other_errors_stay_errors(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Traceback" not in response.content.decode()


@in_this_urlconf
def test_a_request_logs_one_json_line_with_its_request_id(client, json_log):
    response = client.get("/ok/", headers={"X-Request-ID": "lb-7f3a"})
    assert response["X-Request-ID"] == "lb-7f3a"
    lines = json_log()
    assert len(lines) == 1
    (line,) = lines
    assert line["logger"] == "byregion.access"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/ok/", 200)
    assert line["request_id"] == "lb-7f3a"
    assert isinstance(line["duration_ms"], float)


@in_this_urlconf
def test_an_unhandled_error_logs_one_line_with_the_exception_and_the_same_id(client, json_log):
    client.raise_request_exception = False
    response = client.get("/boom/")
    request_id = response["X-Request-ID"]
    errors = [line for line in json_log() if line["level"] == "ERROR"]
    assert len(errors) == 1
    assert errors[0]["request_id"] == request_id
    assert "RuntimeError: kaboom in a view" in errors[0]["exception"]
    access = [line for line in json_log() if line["logger"] == "byregion.access"]
    assert [(a["status"], a["request_id"]) for a in access] == [(500, request_id)]


@in_this_urlconf
def test_a_database_outage_logs_one_error_line_with_the_request_id(client, json_log):
    response = client.get("/database-gone/")
    errors = [line for line in json_log() if line["level"] == "ERROR"]
    assert [(e["logger"], e["request_id"], e["status"]) for e in errors] == [
        ("byregion.errors", response["X-Request-ID"], 503)
    ]
    assert "OperationalError: server closed the connection" in errors[0]["exception"]


# A real outage: a private PostgreSQL cluster, stopped and started under a running gunicorn.


def _postgres_bin():
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts[-3])
    return found[-1].parent if found else None


class PrivateCluster:
    """A throwaway PostgreSQL cluster on a free port, owned by the postgres user when run as root."""

    def __init__(self, bin_dir):
        self.bin = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="byregion-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_postgres = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/byregion"

    def run(self, program, *args):
        return subprocess.run(
            [*self.as_postgres, str(self.bin / program), *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )

    def init(self):
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        self.start()
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "byregion")

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "-o", options, "start")  # fmt: skip

    def stop(self):
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self):
        subprocess.run(
            [*self.as_postgres, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )  # fmt: skip
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def outage_site(tmp_path):
    """A gunicorn serving production settings from a private PostgreSQL cluster."""
    bin_dir = _postgres_bin()
    if bin_dir is None:
        reason = "PostgreSQL server binaries (initdb, pg_ctl) are not under /usr/lib/postgresql"
        print(f"SKIP: {reason}")
        pytest.skip(reason)
    cluster = PrivateCluster(bin_dir)
    server = None
    try:
        cluster.init()
        env = site_env(tmp_path, cluster.url, LOG_LEVEL="INFO")
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput", "-v0")
        log = (tmp_path / "gunicorn.log").open("w")
        server, base = start_gunicorn(env, workers=2, log=log)
        wait_for(f"{base}/helse/", 200, 30)
        yield cluster, server, base, tmp_path / "gunicorn.log"
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        cluster.remove()


def test_the_site_answers_503_while_postgresql_is_down_and_recovers_without_a_restart(
    outage_site,
):
    cluster, server, base, log_path = outage_site
    assert fetch(f"{base}/helse/")[0] == 200
    home_status, _, home_before = fetch(f"{base}/")
    assert home_status == 200
    assert fetch(f"{base}/regionar/")[0] == 200

    cluster.stop()

    status, headers, body = fetch(f"{base}/helse/")
    assert status == 503
    assert json.loads(body) == {"status": "unavailable", "database": "down"}
    # A page never asked for before cannot come from the cache: the friendly page, no traceback.
    status, headers, body = fetch(f"{base}/regionar/?fase=1")
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert FRIENDLY in body
    assert "Traceback" not in body and "OperationalError" not in body
    # The front page was seen before; the page cache may still serve it.
    status, _, body = fetch(f"{base}/")
    assert (status == 503 and FRIENDLY in body) or (status == 200 and body == home_before)
    print(f"\nduring the outage: / answered {status}")

    cluster.start()

    health_back = wait_for(f"{base}/helse/", 200, 10)
    page_back = wait_for(f"{base}/regionar/?fase=1", 200, 10)
    assert fetch(f"{base}/")[0] == 200
    assert server.poll() is None
    print(f"\nrecovered: /helse/ after {health_back:.2f} s, a page after {page_back:.2f} s more")

    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line[:1] == "{"]
    outage = [line for line in lines if line.get("logger") == "byregion.errors"]
    assert outage and all(line["request_id"] != "-" for line in outage)
    access = {line["request_id"]: line for line in lines if line.get("logger") == "byregion.access"}
    assert all(access[line["request_id"]]["status"] == 503 for line in outage)


@pytest.mark.django_db
def test_a_page_served_from_the_cache_is_not_logged_line_by_line(client, json_log):
    """Its log line would cost more than serving it; the id still comes back in the header."""
    from tests.factories import make_region

    make_region(slug="logga")
    first = client.get("/regionar/logga/")
    second = client.get("/regionar/logga/", headers={"X-Request-ID": "lb-hit"})
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second["X-Request-ID"] == "lb-hit"
    paths = [line["path"] for line in json_log() if line["logger"] == "byregion.access"]
    assert paths == ["/regionar/logga/"]
