"""Production settings, as a real server process would load them: no test settings involved."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3Y-" + "x7Qp2" * 10
PRODUCTION = {
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "byregion.example.no",
    "DEBUG": "false",
    "HTTPS": "true",
}


def run_django(code, tmp_path, **env):
    """Run `code` after django.setup() with byregion.settings and exactly `env` on top of PATH."""
    clean = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "byregion.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "LOG_LEVEL": "WARNING",
    }
    clean.update(env)
    script = f"import django\ndjango.setup()\n{code}"
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "byregion.example.no"}, "SECRET_KEY must be set"),
        (
            {"SECRET_KEY": "django-insecure-local-development-only", "ALLOWED_HOSTS": "x.no"},
            "SECRET_KEY must be set",
        ),
        ({"SECRET_KEY": "kort-nokkel", "ALLOWED_HOSTS": "byregion.example.no"}, "SECRET_KEY"),
        (
            {
                "SECRET_KEY": "change-me-to-a-long-random-value-of-at-least-forty-characters",
                "ALLOWED_HOSTS": "byregion.example.no",
            },
            "SECRET_KEY must be set",
        ),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS must name the site's host names"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS must name"),
    ],
)
def test_the_site_refuses_to_start_without_a_real_key_and_host_names(tmp_path, env, message):
    started = run_django("", tmp_path, **env)
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert message in started.stderr


def test_it_starts_with_a_real_key_and_host_names_and_debug_stays_off(tmp_path):
    code = (
        "from django.conf import settings\n"
        "print(settings.DEBUG, settings.STORAGES['staticfiles']['BACKEND'])"
    )
    started = run_django(code, tmp_path, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="byregion.example.no")
    assert started.returncode == 0, started.stderr
    assert started.stdout.split() == [
        "False",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_debug_is_on_only_when_asked(tmp_path):
    started = run_django(
        "from django.conf import settings\nprint(settings.DEBUG)", tmp_path, DEBUG="true"
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "True"


def test_check_deploy_finds_nothing_with_production_settings(tmp_path):
    completed = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "byregion.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            "LOG_LEVEL": "WARNING",
            **PRODUCTION,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    print(completed.stdout, completed.stderr)
    assert completed.returncode == 0
    assert "System check identified no issues (0 silenced)." in completed.stdout
    assert "WARNINGS" not in completed.stderr + completed.stdout


HEADERS_OVER_HTTPS = """
import json
from django.test import Client
client = Client(HTTP_HOST="byregion.example.no")
secure = client.get("/helse/", secure=True)
plain_health = client.get("/helse/")
plain_page = client.get("/regionar/") if settings.SECURE_SSL_REDIRECT else None
print(json.dumps({
    "secure": dict(secure.headers),
    "plain_health": plain_health.status_code,
    "plain_page": plain_page and [plain_page.status_code, plain_page.headers.get("Location")],
    "cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
}))
"""


def test_https_brings_hsts_secure_cookies_and_a_redirect_that_spares_the_health_check(tmp_path):
    code = "from django.conf import settings\n" + HEADERS_OVER_HTTPS
    started = run_django(code, tmp_path, **PRODUCTION)
    assert started.returncode == 0, started.stderr
    seen = json.loads(started.stdout.strip().splitlines()[-1])
    assert (
        seen["secure"]["Strict-Transport-Security"]
        == "max-age=31536000; includeSubDomains; preload"
    )
    assert seen["plain_page"] == [301, "https://byregion.example.no/regionar/"]
    assert seen["plain_health"] == 200
    assert seen["cookies"] == [True, True]


def test_without_https_there_is_no_hsts_and_no_redirect(tmp_path):
    code = "from django.conf import settings\n" + HEADERS_OVER_HTTPS
    started = run_django(code, tmp_path, **{**PRODUCTION, "HTTPS": "false"})
    assert started.returncode == 0, started.stderr
    seen = json.loads(started.stdout.strip().splitlines()[-1])
    assert "Strict-Transport-Security" not in seen["secure"]
    assert seen["plain_page"] is None
    assert seen["plain_health"] == 200
    assert seen["cookies"] == [False, False]


def test_a_bucket_name_moves_media_to_s3_and_allows_its_images(tmp_path):
    code = (
        "import json\n"
        "from django.conf import settings\n"
        "from django.urls import NoReverseMatch, reverse\n"
        "try:\n"
        "    reverse('media', args=['x.jpg'])\n"
        "    routed = True\n"
        "except NoReverseMatch:\n"
        "    routed = False\n"
        "print(json.dumps([settings.STORAGES['default'],"
        " settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], routed]))"
    )
    started = run_django(
        code,
        tmp_path,
        **PRODUCTION,
        AWS_STORAGE_BUCKET_NAME="byregion-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.no",
    )
    assert started.returncode == 0, started.stderr
    storage, img_src, routed = json.loads(started.stdout.strip().splitlines()[-1])
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "byregion-media"
    assert storage["OPTIONS"]["file_overwrite"] is False
    assert img_src == ["'self'", "data:", "https://s3.example.no"]
    assert routed is False


def test_without_a_bucket_media_stays_on_disk_and_is_served_by_the_app(tmp_path):
    code = (
        "from django.conf import settings\n"
        "from django.urls import reverse\n"
        "print(settings.STORAGES['default']['BACKEND'], reverse('media', args=['resultat/x.jpg']))"
    )
    started = run_django(code, tmp_path, **PRODUCTION)
    assert started.returncode == 0, started.stderr
    assert started.stdout.split() == [
        "django.core.files.storage.FileSystemStorage",
        "/media/resultat/x.jpg",
    ]
