"""What the checks before publishing find in a region: its texts, goals, bottlenecks and links.

The checks themselves are in byregion/editorial/ (checks.py, readability.py, links.py); this
module only names the region's places and the level of the page heading each text sits under
on the region page (templates/regions/region_detail.html).
"""

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from byregion.editorial.checks import Findings
from byregion.editorial.links import broken_link_advice, external_links
from regions.models import Region

# The region page shows the summary and «after the programme» under a section's h2, each goal
# under its own h3 («Mål 1»), and the bottlenecks under the section's h2.
SECTION_LEVELS = {"summary": 2, "after_programme": 2, "goal": 3, "bottleneck": 2}


def _label(field_name):
    return str(capfirst(Region._meta.get_field(field_name).verbose_name))


def region_findings(region):
    """Return the advice on a region's own texts, goals and bottlenecks, and their readability."""
    findings = Findings(
        title=_("Byregionen %(name)s") % {"name": region.name},
        url=reverse("admin:regions_region_change", args=[region.pk]),
    )
    texts = [
        (_label(name), getattr(region, name), SECTION_LEVELS[name])
        for name in ("summary", "after_programme")
    ]
    texts += [
        (_("Mål %(number)d") % {"number": goal.number}, goal.text, SECTION_LEVELS["goal"])
        for goal in region.goals.all()
    ]
    texts += [
        (
            _("Flaskehals %(number)d") % {"number": index},
            bottleneck.text,
            SECTION_LEVELS["bottleneck"],
        )
        for index, bottleneck in enumerate(region.bottlenecks.all(), start=1)
    ]
    for place, html, level in texts:
        findings.add_text(html, place=place, section_level=level)
    links = [(place, external_links(html)) for place, html, _level in texts]
    if region.source_url:
        links.append((_label("source_url"), [region.source_url]))
    findings.advice += broken_link_advice(links)
    return findings
