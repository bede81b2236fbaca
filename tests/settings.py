"""Test settings: the production settings with the speed-ups and isolation a test run needs."""

import os
import tempfile

os.environ.setdefault("BYREGION_TESTING", "1")

from byregion.settings import *  # noqa: E402, F403

# Fast hashing: password strength is not under test, only the checks around it.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Files written by tests land in a throw-away folder, never in the developer's media.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "byregion-test-media"  # noqa: F405
# Each test run starts with an empty cache of its own, never a shared Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests read their own log assertions; the console stays quiet.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
