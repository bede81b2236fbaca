"""The hand-over for approval in the admin: «Send til godkjenning», and «Publiser» or «Send tilbake».

`ApprovalAdminMixin` is part of the generic editorial admin (byregion/editorial/admin.py). Its two
pages belong to one object each: `<id>/godkjenning/send/` for an editor who may edit the object
but not publish it, and `<id>/godkjenning/` for those who may publish it, with what changed since
it was handed over. Who may do what is asked of the admin's `scope` (regions/scope.py), never
spelt out here; a POST from anyone else is refused before anything is read from it.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from byregion.editorial.models import Approval, Status
from byregion.editorial.workflow import (
    approval_publish,
    approval_return,
    approval_send,
    latest_version,
    person,
    sent_version,
)

MESSAGE_LENGTH = 2_000


class HandOverForm(forms.Form):
    message = forms.CharField(
        label=_("Melding til den som godkjenner"),
        help_text=_("Til dømes kva som er nytt, eller kva du er usikker på."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MESSAGE_LENGTH,
        required=False,
    )


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar til redaktøren"),
        help_text=_("Må fyllast ut når du sender tilbake: skriv kva som må rettast."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MESSAGE_LENGTH,
        required=False,
    )

    def __init__(self, *args, returning=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.returning = returning

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if self.returning and not comment:
            raise forms.ValidationError(
                _("Skriv ein kommentar, så redaktøren veit kva som må rettast.")
            )
        return comment


class ApprovalAdminMixin:
    """The hand-over pages, the status panel on the change form and the column in the list."""

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/godkjenning/send/",
                self.admin_site.admin_view(self.approval_send_view),
                name=f"{info}_approval_send",
            ),
            path(
                "<path:object_id>/godkjenning/",
                self.admin_site.admin_view(self.approval_decide_view),
                name=f"{info}_approval_decide",
            ),
            *super().get_urls(),
        ]

    # Who may do which step: the scope's rules, for this object.

    def may_hand_over(self, request, obj):
        return obj.status == Status.DRAFT and self.scope.may_hand_over(request.user, obj)

    def may_decide(self, request, obj):
        return obj.approval == Approval.PENDING and self.has_publish_permission(request, obj)

    def approval_queue(self, request):
        """Return what awaits approval by this user: handed over, and theirs to publish."""
        # The publish permission for this kind, within the regions the admin's queryset allows.
        if not self.has_publish_permission(request):
            return []
        queryset = self.get_queryset(request).awaiting_approval().select_related("approval_sent_by")
        if self.region_field != "pk":
            queryset = queryset.select_related(self.region_field)
        return list(queryset)

    # The list: where each draft is in its hand-over, with the approver's comment.

    @staticmethod
    def _approval_text(obj):
        if obj.approval == Approval.RETURNED and obj.approval_comment:
            comment = Truncator(obj.approval_comment).chars(120)
            return format_html("{}: «{}»", Approval(obj.approval).label, comment)
        return Approval(obj.approval).label if obj.approval else "–"

    @admin.display(description=_("status"), ordering="status")
    def publishing_state(self, obj):
        """The status, and under it where a draft is in its hand-over: one column, so lists fit."""
        if not obj.approval:
            return obj.get_status_display()
        return format_html(
            '{}<br><span class="byregion-approval">{}</span>',
            obj.get_status_display(),
            self._approval_text(obj),
        )

    # The change form: the status panel and the links to the two pages.

    def approval_context(self, request, obj):
        """Return what the change form shows of the hand-over, and the links the user may follow."""
        context = {"approval": obj.approval, "approval_obj": obj}
        if obj.approval:
            context["approval_sender"] = person(obj.approval_sent_by)
            context["approval_commenter"] = (
                person(obj.approval_commented_by) if obj.approval_commented_by_id else ""
            )
        if self.may_hand_over(request, obj) and obj.approval != Approval.PENDING:
            context["approval_send_url"] = self._admin_url("approval_send", quote(obj.pk))
        if self.may_decide(request, obj):
            context["approval_decide_url"] = self._admin_url("approval_decide", quote(obj.pk))
        return context

    def _object_or_refuse(self, request, object_id, allowed):
        self._ensure_in_scope(request, object_id)
        obj = self.get_object(request, unquote(object_id))
        if not allowed(request, obj):
            raise PermissionDenied
        return obj

    def _page(self, request, obj, template, title, **context):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.opts,
            "original": obj,
            "change_url": self._admin_url("change", quote(obj.pk)),
            **context,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, template, context)

    def approval_send_view(self, request, object_id):
        """Hand a draft over for approval with a message (for an editor who may not publish it)."""
        obj = self._object_or_refuse(request, object_id, self.may_hand_over)
        change_url = self._admin_url("change", quote(obj.pk))
        if obj.approval == Approval.PENDING:
            self.message_user(request, _("Dette ventar alt på godkjenning."), messages.WARNING)
            return HttpResponseRedirect(change_url)
        form = HandOverForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            message = form.cleaned_data["message"].strip()
            decide_url = self._admin_url("approval_decide", quote(obj.pk))
            approvers = self.scope.publishers(self.model, self._region_id(obj))
            approval_send(
                obj=obj,
                user=request.user,
                message=message,
                approvers=approvers,
                link=request.build_absolute_uri(decide_url),
            )
            self.log_change(request, obj, _quoted_log(_("Sendt til godkjenning"), message))
            self.message_user(
                request,
                _("«%(object)s» er sendt til godkjenning.") % {"object": obj},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url)
        return self._page(
            request,
            obj,
            "admin/byregion/approval_send.html",
            _("Send «%(object)s» til godkjenning") % {"object": obj},
            form=form,
        )

    def approval_decide_view(self, request, object_id):
        """Publish a handed-over draft, or send it back with a comment (for those who may publish)."""
        obj = self._object_or_refuse(request, object_id, self.may_decide)
        returning = "_return" in request.POST
        deciding = returning or "_publish" in request.POST
        form = DecisionForm(request.POST if deciding else None, returning=returning)
        if deciding and form.is_valid():
            comment = form.cleaned_data["comment"]
            change_url = self._admin_url("change", quote(obj.pk))
            if returning:
                approval_return(
                    obj=obj,
                    user=request.user,
                    comment=comment,
                    link=request.build_absolute_uri(change_url),
                )
                self.log_change(request, obj, _quoted_log(_("Sendt tilbake"), comment))
                done = _("«%(object)s» er sendt tilbake til redaktøren.")
            else:
                approval_publish(obj=obj, user=request.user, comment=comment)
                self.log_change(
                    request, obj, _quoted_log(_("Publisert etter godkjenning"), comment)
                )
                done = _("«%(object)s» er publisert.")
            self.message_user(request, done % {"object": obj}, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:index", current_app=self.admin_site.name))
        sent, latest = sent_version(obj), latest_version(obj)
        compare_url = None
        if sent is not None and latest is not None and sent.pk != latest.pk:
            compare_url = (
                f"{self._admin_url('compare', quote(obj.pk))}?fra={sent.pk}&til={latest.pk}"
            )
        return self._page(
            request,
            obj,
            "admin/byregion/approval_decide.html",
            _("Godkjenn «%(object)s»") % {"object": obj},
            form=form,
            sender=person(obj.approval_sent_by),
            compare_url=compare_url,
            preview_url=obj.get_absolute_url(),
        )


def _quoted_log(label, text):
    # The action log's change message: the step, and what was written with it.
    return f"{label}: «{text}»" if text else str(label)
