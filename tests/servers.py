"""Helpers for tests that run the site in processes of its own: ports, requests, waiting."""

import socket
import time
import urllib.error
import urllib.request

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
