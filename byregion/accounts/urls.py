"""Sign-in pages beside the admin: two-factor sign-in (views.py) and password reset by e-mail,
reached from the admin's login page («Gløymt passordet?»).

Mounted under /admin/ ahead of the admin itself; the admin's login page shows the link as soon as
a URL named `admin_password_reset` exists. The pages and the e-mail are in templates/registration/;
requests are rate-limited and answer alike whether an account exists (password_reset.py).
"""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from byregion.accounts import password_reset, views

# The pages look like the admin they belong to, with its title.
ADMIN_LOOK = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}

urlpatterns = [
    path("to-steg/", views.setup, name="two_factor_setup"),
    path("to-steg/kode/", views.verify, name="two_factor_verify"),
    path("to-steg/reservekodar/", views.recovery_codes, name="two_factor_recovery_codes"),
    path(
        "password_reset/",
        password_reset.PasswordResetView.as_view(extra_context=ADMIN_LOOK),
        name="admin_password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(extra_context=ADMIN_LOOK),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context=ADMIN_LOOK),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=ADMIN_LOOK),
        name="password_reset_complete",
    ),
]
