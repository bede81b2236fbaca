"""Keep sessions without a verified second factor out of the admin where one is needed."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from byregion.accounts.two_factor import has_two_factor, requires_two_factor

# Pages under /admin/ that must open before the second step: signing in and out, the password
# reset by e-mail, and the two-factor pages themselves (they check for themselves).
OPEN_VIEWS = {
    "admin:login",
    "admin:logout",
    "admin_password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "two_factor_verify",
    "two_factor_setup",
    "two_factor_recovery_codes",
}


class TwoFactorMiddleware:
    """Send a signed-in staff member who has not given their second factor to give it.

    Someone with an app is asked for a code; someone who must have one (requires_two_factor)
    and has none is sent to set it up; anyone else goes on. Below django_otp's OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        user = request.user
        if (
            not request.path_info.startswith(self.admin_prefix)
            or request.resolver_match.view_name in OPEN_VIEWS
            or not (user.is_authenticated and user.is_active and user.is_staff)
            or user.is_verified()
        ):
            return None
        if has_two_factor(user):
            target = "two_factor_verify"
        elif requires_two_factor(user):
            target = "two_factor_setup"
        else:
            return None
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
