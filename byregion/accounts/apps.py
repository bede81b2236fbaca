from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """User accounts, roles and sign-in: the admin's user pages, password reset and the action log."""

    name = "byregion.accounts"
    label = "byregion_accounts"
    verbose_name = _("Brukarar og innlogging")
