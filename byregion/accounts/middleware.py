"""Keep sessions without a verified second factor out of the admin where one is needed.

Every view in the admin's namespace is covered, the editorial pages the admin site adds
included; only signing in and out are open.
"""

from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse

from byregion.accounts.two_factor import has_two_factor, requires_two_factor

# The admin's own pages that must open before the second step. The password reset and the
# two-factor pages beside the admin (byregion/accounts/urls.py) are outside its namespace.
OPEN_VIEWS = {"admin:login", "admin:logout"}


class TwoFactorMiddleware:
    """Send a signed-in staff member who has not given their second factor to give it.

    Someone with an app is asked for a code; someone who must have one (requires_two_factor)
    and has none is sent to set it up; anyone else goes on. Outside the admin such a session is
    served as a visitor. Below django_otp's OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        match = request.resolver_match
        if (
            match.view_name in OPEN_VIEWS
            or not (user.is_authenticated and user.is_active and user.is_staff)
            or user.is_verified()
        ):
            return None
        if getattr(view_func, "public_page", False):
            # The sign-in is not finished: a public page serves the session as a visitor's, so
            # drafts stay hidden until the second factor is given (byregion/cache.py public_page).
            if has_two_factor(user) or requires_two_factor(user):
                request.user = AnonymousUser()
            return None
        if "admin" not in match.namespaces:
            return None
        if has_two_factor(user):
            target = "two_factor_verify"
        elif requires_two_factor(user):
            target = "two_factor_setup"
        else:
            return None
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
