"""Throttling of sign-in and password reset, per account and per client address.

Sign-in is django-axes with two lockout parameter sets (settings.AXES_LOCKOUT_PARAMETERS): a user
name from one address (AXES_FAILURE_LIMIT failures) and an address across all user names
(AXES_ADDRESS_FAILURE_LIMIT). Axes compares one failure count with one limit; `LoginThrottle`
gives each set a limit of its own. Password-reset requests are counted in the cache per address
and per e-mail address typed (`rate_limit`).
"""

import hashlib

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.shortcuts import render


def _limit_of(parameters, base):
    """Return the failures allowed for one lockout parameter set: the address alone has its own."""
    if parameters in ("ip_address", ["ip_address"]):
        return settings.AXES_ADDRESS_FAILURE_LIMIT
    return base


class LoginThrottle(AxesDatabaseHandler):
    """django-axes' database handler with a failure limit per lockout parameter set."""

    def _failures_and_limits(self, request, credentials):
        base = get_failure_limit(request, credentials)
        attempts = self.get_user_attempts(request, credentials)
        for parameters, found in zip(settings.AXES_LOCKOUT_PARAMETERS, attempts, strict=True):
            failures = found.aggregate(total=Sum("failures_since_start"))["total"] or 0
            yield parameters, failures, _limit_of(parameters, base)

    def get_failures(self, request, credentials=None):
        """Return the failures of the set nearest its own limit, shifted onto AXES_FAILURE_LIMIT.

        Axes locks when this number reaches AXES_FAILURE_LIMIT; the shift makes each set lock
        exactly at its own limit (an address at 20 failures across user names, say).
        """
        base = get_failure_limit(request, credentials)
        return max(
            failures + base - limit
            for _parameters, failures, limit in self._failures_and_limits(request, credentials)
        )

    def address_locked(self, request, credentials=None):
        """Return whether the address as a whole has reached its limit."""
        return any(
            failures >= limit
            for parameters, failures, limit in self._failures_and_limits(request, credentials)
            if parameters in ("ip_address", ["ip_address"])
        )

    def reset_user_attempts(self, request, credentials=None):
        """Forget the signed-in user name's failures from this address, and nothing more.

        Axes would also forget every failure from the address, so one valid account would wipe
        the count of guesses at all the others.
        """
        count = 0
        attempts = self.filter_user_attempts(request, credentials)
        for parameters, found in zip(settings.AXES_LOCKOUT_PARAMETERS, attempts, strict=True):
            if "username" in parameters:
                count += found.delete()[0]
        return count


def lockout_response(request, original_response=None, credentials=None):
    """The nynorsk lockout page, saying whether the user name or the whole address is locked."""
    address = LoginThrottle().address_locked(request, credentials)
    context = {
        "address_locked": address,
        "failure_limit": (
            settings.AXES_ADDRESS_FAILURE_LIMIT
            if address
            else get_failure_limit(request, credentials)
        ),
        "username": get_client_username(request, credentials) or "",
    }
    return render(
        request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


def rate_limit(scope, value, *, limit, seconds):
    """Count one request for (scope, value) and return whether it is within `limit` per window.

    A fixed window in the shared cache: the first request opens it for `seconds`. The value is
    hashed, so no address or e-mail address is stored in the cache as it was typed.
    """
    digest = hashlib.sha256(f"{scope}:{value}".encode()).hexdigest()
    key = f"rate:{scope}:{digest}"
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the window closed between add and incr
        cache.set(key, 1, seconds)
        count = 1
    return count <= limit
