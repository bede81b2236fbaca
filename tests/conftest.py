"""Shared personas and fixtures for the whole suite."""

import shutil

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Every test writes uploads into a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def administrator(db):
    """A superuser: the person who runs the site."""
    return get_user_model().objects.create_superuser(
        "admin", "admin@byregion.test", "ein-lang-og-trygg-frase"
    )


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def pytest_report_header(config):
    return f"database: {settings.DATABASES['default']['ENGINE']}"
