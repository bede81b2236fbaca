"""manage.py send_review_reminders: e-mail each editor what in their regions is due for review."""

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.auth import get_permission_codename
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from byregion.editorial.reviews import reminder_send, review_list
from cases.models import ResultExample
from regions import scope
from regions.models import Region

# Each kind of content, and how it reaches its region.
CONTENT = [(Region, "pk"), (ResultExample, "region")]


def _change_url(obj):
    opts = obj._meta
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
    return f"{settings.SITE_URL}{path}"


def _editable(user, model, region_path):
    """Return the objects of `model` the user may edit: the change permission, in their regions."""
    opts = model._meta
    if not user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}"):
        return model.objects.none()
    regions = scope.editable_regions(user).values("pk")
    return model.objects.filter(**{f"{region_path}__in": regions})


class Command(BaseCommand):
    help = _(
        "Send kvar redaktør ei e-post med det i byregionane deira som skulle vore sett over, "
        "eller som skal sjåast over innan 30 dagar. Høgst éin gong om dagen per redaktør."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        sent = skipped = 0
        for user in scope.content_editors().order_by("pk"):
            reviews = review_list(
                [_editable(user, model, path) for model, path in CONTENT],
                url=_change_url,
                today=timezone.localdate(now),
            )
            if not reviews:
                continue
            if reminder_send(user=user, reviews=reviews, now=now):
                sent += 1
            else:
                skipped += 1
        self.stdout.write(
            _(
                "Sende %(sent)d påminningar; %(skipped)d hadde alt fått dagens, eller manglar e-post."
            )
            % {"sent": sent, "skipped": skipped}
        )
