"""The admin list of the external links `manage.py check_links` has checked, with what each answered."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from byregion.editorial.admin import ReadOnlyAdminMixin
from byregion.models import LinkStatus
from byregion.roles import edits_all_regions


class BrokenFilter(admin.SimpleListFilter):
    title = _("verkar")
    parameter_name = "verkar"

    def lookups(self, request, model_admin):
        return [("nei", _("Verkar ikkje")), ("ja", _("Verkar"))]

    def queryset(self, request, queryset):
        broken = ~Q(error="") | Q(status_code__gte=400)
        if self.value() == "nei":
            return queryset.filter(broken)
        if self.value() == "ja":
            return queryset.exclude(broken)
        return queryset


@admin.register(LinkStatus)
class LinkStatusAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only, and only for those who edit every region: drafts of all regions link here.

    A regional editor sees the broken links of their own regions on the change forms and in
    the quality report instead.
    """

    list_display = ["url", "outcome", "is_broken", "checked_at"]
    list_filter = [BrokenFilter]
    search_fields = ["url"]
    date_hierarchy = "checked_at"

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff and edits_all_regions(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.display(description=_("svar"))
    def outcome(self, obj):
        return obj.outcome

    @admin.display(description=_("verkar ikkje"), boolean=True)
    def is_broken(self, obj):
        return obj.is_broken
