"""bin/backup then bin/restore brings back the database and the media, on PostgreSQL and SQLite.

Each run uses a scratch database of its own (never the test database, never a developer's) and
drives the scripts exactly as `make backup` and `make restore` do.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("BYREGION_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")

MAKE_CONTENT = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from cases.models import ResultImage
from tests.factories import image_upload, make_region, make_result
region = make_region(name="Vest-Telemark", slug="vest-telemark", goals=3)
result = make_result(region, title="Trenettverket", slug="trenettverket", goals=[2])
image = ResultImage.objects.create(result=result, image=image_upload(), alt_text="Massivtre")
print(image.image.name)
"""


class Scratch:
    """One scratch database (PostgreSQL or SQLite) with a media folder, and the scripts' env."""

    def __init__(self, engine, tmp_path):
        self.engine = engine
        self.media = tmp_path / "media"
        if engine == "postgresql":
            self.name = f"byregion_backup_test_{uuid.uuid4().hex[:10]}"
            self.url = f"{SERVER}/{self.name}"
        else:
            self.url = f"sqlite:///{tmp_path / 'byregion.sqlite3'}"
        self.env = {
            "PATH": os.environ["PATH"],
            "PYTHON": sys.executable,
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.media),
            "BACKUP_DIR": str(tmp_path / "backups"),
        }

    def admin(self, sql):
        connection = psycopg2.connect(f"{SERVER}/postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)
        connection.close()

    def create(self):
        if self.engine == "postgresql":
            self.admin(f'CREATE DATABASE "{self.name}"')

    def fill(self):
        """Migrate and add a region, a result and an image; return the image's stored name."""
        made = self.run(
            sys.executable,
            "-c",
            MAKE_CONTENT,
            DJANGO_SETTINGS_MODULE="byregion.settings",
            BYREGION_TESTING="1",
            LOG_LEVEL="WARNING",
        )
        assert made.returncode == 0, made.stderr
        return made.stdout.strip().splitlines()[-1]

    def wipe(self):
        """Leave an empty database and no media, as after losing the server."""
        if self.engine == "postgresql":
            self.admin(f'DROP DATABASE "{self.name}" WITH (FORCE)')
            self.admin(f'CREATE DATABASE "{self.name}"')
        else:
            Path(self.url.removeprefix("sqlite:///")).unlink()
        subprocess.run(["rm", "-rf", str(self.media)], check=True)

    def drop(self):
        if self.engine == "postgresql":
            self.admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql):
        if self.engine == "postgresql":
            connection = psycopg2.connect(self.url)
        else:
            connection = sqlite3.connect(self.url.removeprefix("sqlite:///"))
        try:
            cursor = connection.cursor()
            cursor.execute(sql)
            return cursor.fetchall()
        finally:
            connection.close()

    def run(self, *command, **env):
        return subprocess.run(
            list(command),
            cwd=ROOT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=300,
        )


@pytest.fixture(params=["postgresql", "sqlite"])
def scratch(request, tmp_path):
    database = Scratch(request.param, tmp_path)
    database.create()
    yield database
    database.drop()


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def content(database):
    return {
        "regions": database.query("SELECT slug, name FROM regions_region"),
        "goals": database.query("SELECT COUNT(*) FROM regions_goal"),
        "results": database.query("SELECT slug, title FROM cases_resultexample"),
        "images": database.query("SELECT image, alt_text FROM cases_resultimage"),
    }


def test_backup_wipe_restore_brings_everything_back(scratch):
    image_name = scratch.fill()
    before = content(scratch)
    assert before["regions"] == [("vest-telemark", "Vest-Telemark")]
    stored = {path: sha256(path) for path in scratch.media.rglob("*") if path.is_file()}
    assert scratch.media / image_name in stored and len(stored) == 3

    backed_up = scratch.run("bash", "bin/backup")
    assert backed_up.returncode == 0, backed_up.stderr
    folder = Path(backed_up.stdout.strip())
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"]["engine"] == scratch.engine
    assert manifest["rows"]["regions_region"] == 1
    assert manifest["rows"]["cases_resultimage"] == 1
    assert manifest["media"]["files"] == 3

    scratch.wipe()
    assert not scratch.media.exists()

    restored = scratch.run("bash", "bin/restore", str(folder))
    assert restored.returncode == 0, restored.stderr
    assert content(scratch) == before
    assert {path: sha256(path) for path in scratch.media.rglob("*") if path.is_file()} == stored


def test_restore_refuses_to_replace_a_database_with_content_unless_confirmed(scratch):
    scratch.fill()
    folder = Path(scratch.run("bash", "bin/backup").stdout.strip())
    if scratch.engine == "postgresql":
        connection = psycopg2.connect(scratch.url)
        with connection, connection.cursor() as cursor:
            cursor.execute("UPDATE regions_region SET name = 'Endra etter backup'")
        connection.close()
    else:
        with sqlite3.connect(scratch.url.removeprefix("sqlite:///")) as connection:
            connection.execute("UPDATE regions_region SET name = 'Endra etter backup'")

    refused = scratch.run("bash", "bin/restore", str(folder))
    assert refused.returncode == 1
    assert "is not empty" in refused.stderr
    assert "--yes" in refused.stderr
    assert scratch.query("SELECT name FROM regions_region") == [("Endra etter backup",)]

    confirmed = scratch.run("bash", "bin/restore", str(folder), CONFIRM="yes")
    assert confirmed.returncode == 0, confirmed.stderr
    assert scratch.query("SELECT name FROM regions_region") == [("Vest-Telemark",)]

    again = scratch.run("bash", "bin/restore", str(folder), "--yes")
    assert again.returncode == 0, again.stderr


def test_a_damaged_backup_is_refused_before_anything_changes(scratch, tmp_path):
    scratch.fill()
    folder = Path(scratch.run("bash", "bin/backup").stdout.strip())
    with (folder / "media.tar.gz").open("ab") as archive:
        archive.write(b"tampered")
    scratch.wipe()
    refused = scratch.run("bash", "bin/restore", str(folder), "--yes")
    assert refused.returncode == 1
    assert "does not match its checksums" in refused.stderr
    assert not scratch.media.exists()


def test_make_targets_call_the_scripts():
    makefile = (ROOT / "Makefile").read_text()
    assert "bash bin/backup" in makefile
    assert 'bash bin/restore "$(BACKUP)"' in makefile
