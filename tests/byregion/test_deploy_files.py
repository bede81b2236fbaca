"""The deployment files hold together: no Docker engine runs here, so what can be checked is.

docker-compose.yml is parsed and its services, volumes, health checks and start order checked; the
Dockerfile's COPY sources exist; the commands the image runs exist in this project and are the ones
the Makefile uses; the health-check script and the entry point are run for real.
"""

import os
import re
import runpy
import stat
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands
from django.urls import resolve

from byregion.site import errors

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def dockerfile_instructions():
    """Return the Dockerfile as (INSTRUCTION, arguments) pairs, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            instructions.append((keyword.upper(), " ".join(rest.split())))
    return instructions


def test_compose_has_the_services_in_the_right_start_order(compose):
    services = compose["services"]
    assert set(services) == {"db", "redis", "migrate", "web", "scheduler", "proxy"}
    assert re.fullmatch(r"postgres:1[56](-\w+)?", services["db"]["image"])
    assert re.fullmatch(r"redis:7(-\w+)?", services["redis"]["image"])
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert services["migrate"]["restart"] == "no"
    assert services["web"]["depends_on"] == {
        "migrate": {"condition": "service_completed_successfully"},
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    assert services["proxy"]["depends_on"] == {"web": {"condition": "service_healthy"}}
    assert services["scheduler"]["depends_on"] == {
        "migrate": {"condition": "service_completed_successfully"},
        "db": {"condition": "service_healthy"},
    }


def test_the_scheduler_sends_the_review_reminders_daily_from_the_app_image(compose):
    scheduler = compose["services"]["scheduler"]
    assert scheduler["image"] == compose["services"]["web"]["image"]
    loop = " ".join(scheduler["command"])
    assert "manage.py send_review_reminders" in loop
    assert "sleep 86400" in loop
    assert scheduler["restart"] == "unless-stopped"


def test_every_long_running_service_has_a_health_check(compose):
    services = compose["services"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert services["web"]["healthcheck"]["test"] == ["CMD", "python", "docker/healthcheck.py"]
    assert "/nginx-health" in " ".join(services["proxy"]["healthcheck"]["test"])


def test_data_lives_in_named_volumes_and_the_app_containers_share_media(compose):
    assert {"pgdata", "media"} <= set(compose["volumes"])
    services = compose["services"]
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    for name in ("migrate", "web"):
        service = services[name]
        assert f"media:{service['environment']['MEDIA_ROOT']}" in service["volumes"]


def test_the_app_containers_share_everything_but_their_processes(compose):
    for name in ("migrate", "web"):
        service = compose["services"][name]
        environment = service["environment"]
        assert service["env_file"] == ".env"
        assert service["build"] == "."
        assert environment["DATABASE_URL"].endswith("@db:5432/byregion")
        assert environment["REDIS_URL"] == "redis://redis:6379/0"
        assert environment["STATIC_ROOT"] == "/app/staticfiles"
    assert compose["services"]["migrate"]["command"] == ["migrate"]
    assert compose["services"]["web"]["command"] == ["web"]
    # Only the proxy publishes a port, so `--scale web=3` has nothing to fight over.
    assert "ports" not in compose["services"]["web"]
    assert compose["services"]["proxy"]["ports"] == ["${HTTP_PORT:-8000}:80"]


def test_every_variable_compose_reads_from_env_is_documented_in_env_example():
    used = set(re.findall(r"\$\{(\w+)", (ROOT / "docker-compose.yml").read_text()))
    documented = set(re.findall(r"^(\w+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert used
    assert used <= documented


def test_the_image_is_slim_python_311_and_runs_as_a_user_of_its_own():
    instructions = dockerfile_instructions()
    assert instructions[0][0] == "FROM"
    assert re.fullmatch(r"python:3\.11-slim(-\w+)?", instructions[0][1])
    users = [arguments for keyword, arguments in instructions if keyword == "USER"]
    assert users and users[-1] not in ("root", "0")
    last_user = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "USER")
    assert all(keyword != "RUN" for keyword, _ in instructions[last_user:])


def test_every_file_the_dockerfile_copies_exists_and_is_not_ignored():
    ignored = {
        line.strip().rstrip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith(("#", "!"))
    }
    copies = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "COPY"]
    assert copies
    for arguments in copies:
        *sources, _target = [part for part in arguments.split() if not part.startswith("--")]
        for source in sources:
            assert (ROOT / source).exists(), source
            assert source.rstrip("/") not in ignored, source


def test_the_image_installs_the_project_collects_static_files_and_checks_its_health():
    runs = " ".join(
        arguments for keyword, arguments in dockerfile_instructions() if keyword == "RUN"
    )
    assert re.search(r'pip install "?\.(\[|"|\s|$)', runs)
    assert "manage.py collectstatic --noinput" in runs
    (healthcheck,) = [a for keyword, a in dockerfile_instructions() if keyword == "HEALTHCHECK"]
    assert healthcheck.endswith('CMD ["python", "docker/healthcheck.py"]')
    assert "/helse/" in (ROOT / "docker" / "healthcheck.py").read_text()
    assert resolve("/helse/").func is errors.health


def test_the_commands_the_image_runs_exist_and_are_the_makefiles():
    entrypoint = (ROOT / "docker" / "entrypoint.sh").read_text()
    makefile = (ROOT / "Makefile").read_text()
    commands = get_commands()
    for command in ("migrate", "load_demo"):
        assert f"python manage.py {command}" in entrypoint
        assert f"$(MANAGE) {command}" in makefile
        assert command in commands
    assert {"collectstatic", "compilemessages"} <= set(commands)
    module, _, attribute = re.search(r"exec gunicorn (\S+)", entrypoint).group(1).partition(":")
    assert f"{module}.{attribute}" == settings.WSGI_APPLICATION == "byregion.wsgi.application"
    assert (ROOT / Path(*module.split("."))).with_suffix(".py").is_file()
    assert os.stat(ROOT / "docker" / "entrypoint.sh").st_mode & stat.S_IXUSR


def test_the_entry_point_runs_any_other_command_as_given():
    completed = subprocess.run(
        ["sh", "docker/entrypoint.sh", "echo", "hei frå containeren"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert completed.stdout == "hei frå containeren\n"


def test_gunicorn_takes_its_worker_count_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    monkeypatch.setenv("PORT", "8123")
    config = runpy.run_path(str(ROOT / "docker" / "gunicorn.conf.py"))
    assert config["workers"] == 5
    assert config["bind"] == "0.0.0.0:8123"
    assert config["accesslog"] is None


def test_nginx_passes_requests_to_the_web_service_and_allows_what_the_app_allows():
    conf = (ROOT / "docker" / "nginx.conf").read_text()
    assert "server web:8000;" in conf
    assert "proxy_pass http://byregion_web;" in conf
    size = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1))
    assert size * 1024 * 1024 == settings.REQUEST_MAX_BYTES
    assert "X-Forwarded-Proto" in conf and "X-Request-ID" in conf


class _FakeSite(BaseHTTPRequestHandler):
    """Answers like the site would: the status the test sets, and records what it was asked."""

    status = 200
    seen = []

    def do_GET(self):
        _FakeSite.seen.append((self.path, self.headers["Host"]))
        self.send_response(_FakeSite.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.parametrize(("status", "exit_code"), [(200, 0), (503, 1), (None, 1)])
def test_the_health_check_script_asks_helse_under_the_sites_own_name(status, exit_code):
    server = HTTPServer(("127.0.0.1", 0), _FakeSite)
    _FakeSite.status, _FakeSite.seen = status, []
    port = server.server_address[1]
    if status is None:
        server.server_close()  # nothing listens: the check must fail, not hang
    else:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {
        "PATH": os.environ["PATH"],
        "ALLOWED_HOSTS": ".byregion.example.no,localhost",
        "PORT": str(port),
    }
    checked = subprocess.run(
        [sys.executable, "docker/healthcheck.py"], cwd=ROOT, env=env, capture_output=True
    )
    if status is not None:
        server.shutdown()
        server.server_close()
        assert _FakeSite.seen == [("/helse/", "byregion.example.no")]
    assert checked.returncode == exit_code


def test_the_docker_context_leaves_out_secrets_and_local_state():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".env", ".git", ".venv", "node_modules", "media", "db.sqlite3", "backups"):
        assert entry in ignored


def test_the_shell_scripts_parse():
    for script in ("bin/backup", "bin/restore", "bench/load.sh"):
        subprocess.run(["bash", "-n", script], cwd=ROOT, check=True)
    subprocess.run(["sh", "-n", "docker/entrypoint.sh"], cwd=ROOT, check=True)
