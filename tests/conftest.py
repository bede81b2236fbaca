"""Shared personas and fixtures for the whole suite."""

import shutil

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Keep the serialized test database (serialized_rollback) visible to every connection object.

    Once Playwright's sync API runs its event loop in the test thread, Django hands out a new
    connection object per context; without this, browser tests that run after other database
    tests would find no serialized data to restore, and flush away the reference data.
    """
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents
    # SQLite answers "does it support JSON?" with three queries the first time a connection is
    # asked (the result cards ask); asked here, the query-count pins count pages, not that.
    with django_db_blocker.unblock():
        for alias in connections:
            assert connections[alias].features.supports_json_field


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Every test writes uploads into a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    from byregion.cache import close_listeners

    cache.clear()
    yield
    cache.clear()
    # The page cache's LISTEN connection (PostgreSQL) must not outlive the test database.
    close_listeners()


@pytest.fixture
def administrator(db):
    """A superuser: the person who runs the site."""
    return get_user_model().objects.create_superuser(
        "admin", "admin@byregion.test", "ein-lang-og-trygg-frase"
    )


@pytest.fixture
def admin_client(client, administrator):
    """The superuser signed in, with the second factor the admin asks of them."""
    from tests.two_factor import sign_in

    return sign_in(client, administrator)


@pytest.fixture
def cast(db):
    """Astrid (administrator), Per (programme staff), Kari (Vest-Telemark), Ola (Hallingdal, may
    publish) and Vera (no role), with their two regions (tests/personas.py)."""
    from tests.personas import make_cast

    return make_cast()


@pytest.fixture
def client_for(db):
    """client_for(user) -> a test client of its own, logged in as that user (with the second
    factor given where the admin asks for it: tests/two_factor.py)."""
    from django.test import Client

    from tests.two_factor import sign_in

    def make(user):
        return sign_in(Client(), user)

    return make


def pytest_report_header(config):
    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture
def page_cache_off(settings):
    """Query-count pins count the page alone: the page cache's own queries are pinned apart
    (tests/byregion/test_cache.py)."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in nynorsk: a request under /nb/ or /en/ leaves its language active in
    the thread, and the next test's messages would read in that language."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
