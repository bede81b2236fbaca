"""Every process serves a change on its next request: two servers, and a command in a third process.

Each server is a gunicorn of its own with the page cache on, so each keeps its own pages (local
memory) unless Redis is configured. A region renamed by `manage.py import_content`, run as a third
process, must show on the very next request to both, with Redis and without; so must a result
whose scheduled publication time passes.
"""

import json
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import redis
from django.conf import settings

from tests.servers import fetch, manage, site_env, start_gunicorn, wait_for

REDIS_URL = "redis://127.0.0.1:6379/15"

pytestmark = pytest.mark.django_db


def _database_url(tmp_path):
    """A scratch database of the engine the suite runs on: a file, or a PostgreSQL database."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{tmp_path / 'coherence.sqlite3'}", None
    import psycopg2

    name = f"byregion_coherence_{uuid.uuid4().hex[:8]}"
    params = {
        "host": database["HOST"] or "127.0.0.1",
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"],
        "dbname": "postgres",
    }
    admin = psycopg2.connect(**params)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')

    def drop():
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{params['host']}:{params['port']}/{name}", drop


def _document(name, *, scheduled_at):
    return {
        "format": "byregion-content/1",
        "themes": [],
        "regions": [
            {
                "slug": "samstemt",
                "name": name,
                "phases": [2],
                "published": True,
                "members": [{"municipality": "4034"}],
                "results": [
                    {
                        "slug": "kjem-seinare",
                        "title": "Eit resultat som kjem seinare",
                        "teaser": "Publisert på eit fast tidspunkt.",
                        "published": True,
                        "published_at": scheduled_at.isoformat(),
                    }
                ],
            }
        ],
    }


@pytest.fixture(params=["local memory", "redis"])
def two_servers(request, tmp_path):
    """Two gunicorn servers of the site on one scratch database, and a way to run commands."""
    database_url, drop = _database_url(tmp_path)
    env = site_env(tmp_path, database_url, PAGE_CACHE_SECONDS="300", LOG_LEVEL="WARNING")
    if request.param == "redis":
        redis.Redis.from_url(REDIS_URL).flushdb()
        env["REDIS_URL"] = REDIS_URL

    def run(*args):
        return manage(env, *args)

    servers = []
    try:
        run("migrate", "--noinput", "-v0")
        run("collectstatic", "--noinput", "-v0")
        bases = []
        for _ in range(2):
            server, base = start_gunicorn(env)
            servers.append(server)
            bases.append(base)
        for base in bases:
            wait_for(f"{base}/helse/", 200, 30)
        yield bases, run, tmp_path
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        if drop is not None:
            drop()
        if request.param == "redis":
            redis.Redis.from_url(REDIS_URL).flushdb()


def _import(manage, tmp_path, document):
    path = tmp_path / "innhald.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    manage("import_content", str(path))


def test_a_change_in_another_process_shows_on_every_servers_next_request(two_servers):
    bases, manage, tmp_path = two_servers
    scheduled_at = datetime.now(UTC) + timedelta(seconds=8)
    _import(manage, tmp_path, _document("Før-regionen", scheduled_at=scheduled_at))
    page = "/regionar/samstemt/"
    for base in bases:
        assert fetch(base + page)[0] == 200
        status, headers, body = fetch(base + page)
        assert headers["X-Page-Cache"] == "hit"
        assert "Før-regionen" in body
        assert "Eit resultat som kjem seinare" not in body

    _import(manage, tmp_path, _document("Etter-regionen", scheduled_at=scheduled_at))

    for base in bases:
        status, headers, body = fetch(base + page)
        assert status == 200
        assert "Etter-regionen" in body, base
        assert "Før-regionen" not in body, base
        assert fetch(base + page)[1]["X-Page-Cache"] == "hit"

    time.sleep(max(0.0, (scheduled_at - datetime.now(UTC)).total_seconds()) + 1.5)
    for base in bases:
        body = fetch(base + page)[2]
        assert "Eit resultat som kjem seinare" in body, base
