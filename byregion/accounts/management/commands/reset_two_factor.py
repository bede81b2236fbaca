"""manage.py reset_two_factor USERNAME: remove a user's app and recovery codes (a lost phone)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from byregion.accounts.two_factor import requires_two_factor, two_factor_reset


class Command(BaseCommand):
    help = _(
        "Nullstill to-stegs innlogginga til ein brukar som har mista telefonen: appen og "
        "reservekodane blir fjerna, og brukaren set ho opp på nytt ved neste innlogging."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", metavar="BRUKARNAMN")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(
                _("Fann ingen brukar med brukarnamnet «%(username)s».") % {"username": username}
            ) from None
        if not two_factor_reset(user=user):
            self.stdout.write(
                _("«%(username)s» hadde ikkje to-stegs innlogging. Ingenting er endra.")
                % {"username": username}
            )
            return
        message = _("To-stegs innlogginga til «%(username)s» er nullstilt.") % {
            "username": username
        }
        if requires_two_factor(user):
            message += " " + _("Brukaren må setje ho opp på nytt ved neste innlogging.")
        self.stdout.write(self.style.SUCCESS(message))
