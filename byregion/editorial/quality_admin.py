"""«Råd før publisering» on the change form of a region or result: advice, never a block.

The admin subclass says how to gather its object's findings (regions/quality.py,
cases/quality.py) and, if there is one, the address of the region's quality report; the change
form (templates/admin/byregion/change_form.html) shows them below the form's fields.
"""


class QualityAdviceMixin:
    """Put the checks' findings on the stored object, and its report's address, in the form."""

    def quality_findings(self, obj):
        """Return the checks' Findings (byregion.editorial.checks) on this stored object."""
        return None

    def quality_report_url(self, obj):
        """Return the address of the quality report that covers this object, if any."""
        return ""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            # The advice is on what is stored, not on a refused form's unsaved values.
            stored = self.model._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                context["quality"] = self.quality_findings(stored)
                context["quality_report_url"] = self.quality_report_url(stored)
        return super().render_change_form(request, context, add, change, form_url, obj)
