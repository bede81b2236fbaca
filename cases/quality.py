"""What the checks before publishing find in a result example, and the quality report of a region.

The report («Kvalitetsrapport») lists, for one region, the advice on the region's own texts,
goals and bottlenecks (regions/quality.py) and on each of its results, drafts included, with
the images' alt texts and the broken links. Only those who may edit the region see it.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from byregion.editorial.checks import Findings, alt_text_advice
from byregion.editorial.links import broken_link_advice, external_links
from cases.models import ResultExample
from regions import scope as region_scope
from regions.quality import region_findings

# A result's body sits right under the page's h1 (templates/cases/result_detail.html).
BODY_SECTION_LEVEL = 1


def result_findings(result):
    """Return the advice on a result's body, its images' alt texts and its broken links."""
    findings = Findings(
        title=_("Resultatet «%(title)s»") % {"title": result.title},
        url=reverse("admin:cases_resultexample_change", args=[result.pk]),
    )
    body = _("Tekst")
    findings.add_text(result.body, place=body, section_level=BODY_SECTION_LEVEL)
    for number, image in enumerate(result.images.all(), start=1):
        if not image.decorative:
            place = _("Bilete %(number)d") % {"number": number}
            findings.advice += alt_text_advice(image.alt_text, caption=image.caption, place=place)
    findings.advice += broken_link_advice([(body, external_links(result.body))])
    return findings


def region_report(region):
    """Return the findings on a region and on each of its results, drafts included, by title."""
    results = ResultExample.objects.for_region(region).order_by("title").prefetch_related("images")
    return [region_findings(region), *(result_findings(result) for result in results)]


def region_quality_report(model_admin, request, region_id):
    """The quality report of one region, for those who may edit it (others get 403 or 404)."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    region = get_object_or_404(region_scope.editable_regions(request.user), pk=region_id)
    report = region_report(region)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Kvalitetsrapport for %(region)s") % {"region": region.name},
        "subtitle": None,
        "opts": model_admin.opts,
        "region": region,
        "region_opts": region._meta,
        "report": report,
        "advice_count": sum(len(findings.advice) for findings in report),
        "region_url": reverse("admin:regions_region_change", args=[region.pk]),
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/byregion/quality_report.html", context)
