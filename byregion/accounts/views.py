"""The two-factor pages: give a code after the password, set up the app, see recovery codes once.

They sit under /admin/ with the admin's look (templates/registration/two_factor_*.html) and are
open before the second step (byregion/accounts/middleware.py); each checks for itself who may
see it.
"""

import segno
from django import forms
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from byregion.accounts import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def _next_url(request):
    """Return the page asked for in ?next= (or the form's next), if it is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index")


def _verified(request, device):
    """Mark the session as having given its second factor, under a new session key."""
    request.session.cycle_key()
    otp_login(request, device)


def _codes_page(request, codes):
    return render(
        request,
        "registration/two_factor_recovery_codes.html",
        {"codes": codes, "next": _next_url(request)},
    )


@never_cache
@staff_member_required
def verify(request):
    """After the password: a code from the app, or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not two_factor.has_two_factor(user):
        return redirect(f"{reverse('two_factor_setup')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = two_factor.device_matching(user, form.cleaned_data["code"])
        if device is not None:
            _verified(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _("Koden stemmer ikkje. Skriv den koden appen viser no, eller ein ubrukt reservekode."),
        )
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@never_cache
@staff_member_required
def setup(request):
    """Set up the app with a QR code drawn here, or, with one set up, renew the recovery codes."""
    user = request.user
    if two_factor.has_two_factor(user):
        if not user.is_verified():
            return redirect(f"{reverse('two_factor_verify')}?{request.GET.urlencode()}")
        return render(request, "registration/two_factor_active.html", {})
    device = two_factor.pending_app(user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = two_factor.two_factor_enrol(device=device, code=form.cleaned_data["code"])
        if codes is not None:
            device.refresh_from_db()
            _verified(request, device)
            return _codes_page(request, codes)
        form.add_error(
            "code",
            _("Koden stemmer ikkje. Sjå at klokka på telefonen går rett, og skriv den nye koden."),
        )
    qr = segno.make(device.config_url, error="m")
    width, height = qr.symbol_size(scale=5)
    context = {
        "form": form,
        "next": _next_url(request),
        "required": two_factor.requires_two_factor(user),
        "secret": two_factor.secret_of(device),
        "config_url": device.config_url,
        "qr": qr.svg_data_uri(scale=5),
        "qr_width": width,
        "qr_height": height,
    }
    return render(request, "registration/two_factor_setup.html", context)


@never_cache
@staff_member_required
@require_POST
def recovery_codes(request):
    """New recovery codes, shown once, for someone signed in with their second factor."""
    if not (two_factor.has_two_factor(request.user) and request.user.is_verified()):
        return redirect("two_factor_setup")
    return _codes_page(request, two_factor.recovery_codes_renew(user=request.user))
