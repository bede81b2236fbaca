"""The admin index's editorial overview: what awaits the user's approval, what was sent back to
them, and what in their regions is overdue or soon due for review."""

from django import template
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.urls import reverse

from byregion.editorial.approval_admin import ApprovalAdminMixin
from byregion.editorial.models import Approval, Publishable
from byregion.editorial.reviews import DUE_SOON_DAYS, review_list
from byregion.editorial.workflow import person

register = template.Library()


def _editorial_admins(site):
    for model in apps.get_models():
        if issubclass(model, Publishable) and site.is_registered(model):
            model_admin = site.get_model_admin(model)
            if isinstance(model_admin, ApprovalAdminMixin):
                yield model_admin


def _url(model_admin, view, obj):
    opts = model_admin.opts
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[quote(obj.pk)])


@register.inclusion_tag("admin/byregion/editorial_overview.html", takes_context=True)
def editorial_overview(context):
    """Render the user's queue, returned drafts and reviews, each only where the user may act."""
    request = context["request"]
    queue, returned, reviewed = [], [], []
    for model_admin in _editorial_admins(admin.site):
        for obj in model_admin.approval_queue(request):
            queue.append(
                {
                    "obj": obj,
                    "kind": model_admin.opts.verbose_name,
                    "sender": person(obj.approval_sent_by),
                    "url": _url(model_admin, "approval_decide", obj),
                }
            )
        if not model_admin.has_change_permission(request):
            continue
        mine = model_admin.get_queryset(request).filter(
            approval=Approval.RETURNED, approval_sent_by=request.user
        )
        returned += [
            {
                "obj": obj,
                "kind": model_admin.opts.verbose_name,
                "commenter": person(obj.approval_commented_by),
                "url": _url(model_admin, "change", obj),
            }
            for obj in mine.select_related("approval_commented_by")
        ]
        reviewed.append(model_admin.get_queryset(request))
    queue.sort(key=lambda row: row["obj"].approval_sent_at)
    reviews = review_list(
        reviewed, url=lambda obj: _url(admin.site.get_model_admin(type(obj)), "change", obj)
    )
    return {
        "queue": queue,
        "returned": returned,
        "reviews": reviews,
        "due_soon_days": DUE_SOON_DAYS,
    }
