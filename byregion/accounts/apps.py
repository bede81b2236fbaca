from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """User accounts, roles and sign-in: the admin's user pages, password reset and the action log."""

    name = "byregion.accounts"
    label = "byregion_accounts"
    verbose_name = _("Brukarar og innlogging")

    def ready(self):
        from django.db.models.signals import post_migrate

        from byregion.accounts.permission_names import name_permissions_in_nynorsk

        post_migrate.connect(name_permissions_in_nynorsk, dispatch_uid="byregion-permission-names")


class AxesConfig(axes_apps.AppConfig):
    """django-axes (login throttling) as the admin shows it: under a nynorsk name, and each record
    named in nynorsk (axes names them in English, outside its translations)."""

    verbose_name = _("Innloggingsvakt")
    # Named in INSTALLED_APPS; AccountsConfig stays this module's default.
    default = False

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = _attempt_name
        AccessFailureLog.__str__ = _failure_name
        AccessLog.__str__ = _login_name


def _when(moment):
    return date_format(localtime(moment), "DATETIME_FORMAT") if moment else "–"


def _attempt_name(attempt):
    return gettext("Innloggingsforsøk som «%(username)s», %(when)s") % {
        "username": attempt.username,
        "when": _when(attempt.attempt_time),
    }


def _failure_name(failure):
    name = gettext("Mislukka innlogging som «%(username)s» frå %(address)s, %(when)s") % {
        "username": failure.username,
        "address": failure.ip_address,
        "when": _when(failure.attempt_time),
    }
    return f"{name} ({gettext('stengd ute')})" if failure.locked_out else name


def _login_name(login):
    return gettext("Innlogging som «%(username)s», %(when)s") % {
        "username": login.username,
        "when": _when(login.attempt_time),
    }
