"""Open data: the published content as `byregion-content/1` JSON and the result examples as CSV.

Plain GET views without caching of their own; the site-wide page cache wraps them in urls.py.
"""

import csv

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from byregion.cache import public_page
from byregion.interchange.document import FORMAT, content_dumps
from byregion.interchange.export import content_export
from cases.models import ResultExample
from regions.models import Membership, Region

LICENCE_URL = "https://data.norge.no/nlod/no/2.0"
CSV_COLUMNS = [
    "byregion",
    "fylke",
    "mål",
    "tema",
    "adresse",
    "tittel",
    "ingress",
    "publisert",
]


# A cell a spreadsheet could take for a formula (OWASP, "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Return `value` as a CSV cell no spreadsheet runs: a leading quote before a formula start."""
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _public_results():
    return (
        ResultExample.objects.public()
        .select_related("region")
        .prefetch_related(
            "goals",
            "themes",
            Prefetch(
                "region__memberships",
                queryset=Membership.objects.select_related("municipality__county"),
            ),
        )
        .order_by("region__name", "-published_at", "title")
    )


@public_page
@require_safe
def opendata(request):
    """The open-data page: what the data is, its licence and format, and where to download it."""
    context = {
        "region_count": Region.objects.published().count(),
        "result_count": ResultExample.objects.public().count(),
        "format": FORMAT,
        "licence_url": LICENCE_URL,
        "csv_columns": CSV_COLUMNS,
    }
    return render(request, "opendata/index.html", context)


@public_page
@require_safe
def opendata_json(request):
    """All published regions and results as `byregion-content/1`, images as absolute addresses."""
    export = content_export(public=True, absolute_url=request.build_absolute_uri)
    response = HttpResponse(
        content_dumps(export.document), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="byregion.json"'
    return response


@public_page
@require_safe
def opendata_csv(request):
    """One row per published result example, UTF-8 with a byte-order mark so Excel reads it right."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="byregion-resultat.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for result in _public_results():
        row = [
            result.region.name,
            "; ".join(county.name for county in result.region.counties()),
            "; ".join(
                str(goal.number) for goal in sorted(result.goals.all(), key=lambda g: g.number)
            ),
            "; ".join(sorted(theme.name for theme in result.themes.all())),
            request.build_absolute_uri(result.get_absolute_url()),
            result.title,
            result.teaser,
            timezone.localdate(result.published_at).isoformat(),
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response
