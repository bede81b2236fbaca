"""Helpers for tests that run the site in processes of its own: ports, requests, waiting."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    """Return (status, headers, body) for a GET, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def wait_for(url, status, seconds):
    """Poll `url` until it answers `status`; return the seconds it took, or fail."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            if fetch(url)[0] == status:
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} did not answer {status} within {seconds} s")


ROOT = Path(__file__).resolve().parents[1]


def site_env(tmp_path, database_url, **extra):
    """The environment of the site run as in production: DEBUG off, its own static and media."""
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "byregion.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-server-" + "k3Pw8" * 10,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "false",
        "HTTPS": "false",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        **extra,
    }


def manage(env, *args, timeout=300):
    """Run `manage.py` with `env` in a process of its own; fail the test on an error."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_gunicorn(env, *, workers=1, log=subprocess.DEVNULL):
    """Start gunicorn with the site on a free port; return (process, base address)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "byregion.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "30"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    return process, f"http://127.0.0.1:{port}"
