"""Site-wide pages: the front page, search, the accessibility statement, robots.txt and the icon."""

import datetime

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import Lower
from django.http import (
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from byregion.cache import public_page
from byregion.site.region_pages import with_content_counts
from byregion.site.search import clean_query
from byregion.site.search import search as site_search
from cases.cards import result_cards
from cases.models import ResultExample, Theme
from regions.models import Region

# The site owner's address for accessibility feedback; the statement names it as the way to
# report barriers. Settings are shared with operations, so it lives here with the statement.
ACCESSIBILITY_CONTACT_EMAIL = "uu@byregion.example"
# The day the statement was last checked against the site (WCAG 2.1 AA, see the statement).
ACCESSIBILITY_STATEMENT_UPDATED = datetime.date(2026, 11, 26)
HOME_LATEST = 6
HOME_FEATURED = 3


@public_page
def home(request):
    """What the programme is, its regions (documented first) on a map, coverage, results, themes."""
    covered = ResultExample.objects.public_q("goals__results__")
    regions = list(
        with_content_counts(Region.objects.published())
        .annotate(covered_goal_count=Count("goals", filter=covered, distinct=True))
        .order_by("-documented", "name")
    )
    public_results = ResultExample.objects.public().order_by("-published_at", "title")
    featured = result_cards(public_results.filter(featured=True)[:HOME_FEATURED])
    latest = result_cards(
        public_results.exclude(pk__in=[card.pk for card in featured])[:HOME_LATEST]
    )
    first_image = next((card.image for card in featured + latest if card.image), None)
    documented = [region for region in regions if region.documented]
    return render(
        request,
        "home.html",
        {
            "regions": regions,
            "documented_count": len(documented),
            "regions_with_goals": [region for region in regions if region.goal_count],
            "regions_without_goals": sum(1 for region in regions if not region.goal_count),
            "featured": featured,
            "latest": latest,
            "themes": Theme.objects.in_public_use().order_by(Lower("name")),
            "result_total": sum(region.result_count for region in regions),
            "goal_total": sum(region.goal_count for region in regions),
            "goal_covered": sum(region.covered_goal_count for region in regions),
            "og_image": request.build_absolute_uri(first_image.src) if first_image else "",
        },
    )


@public_page
def search(request):
    """Search published regions and results; with no query or no hit, suggest where to look."""
    query = clean_query(request.GET.get("q"))
    found = site_search(query) if query else None
    themes = (
        Theme.objects.in_public_use().order_by(Lower("name"))
        if found is None or not found.total
        else []
    )
    return render(request, "search/search.html", {"query": query, "found": found, "themes": themes})


@public_page
def accessibility_statement(request):
    """The accessibility statement (tilgjengelegheitserklæring) the law asks of a public site."""
    return render(
        request,
        "pages/accessibility.html",
        {
            "contact_email": ACCESSIBILITY_CONTACT_EMAIL,
            "updated": ACCESSIBILITY_STATEMENT_UPDATED,
        },
    )


@public_page
def robots_txt(request):
    """Let search engines in everywhere but the admin, and point them to the sitemap."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@public_page
def security_txt(request):
    """/.well-known/security.txt (RFC 9116): where to report a security problem, in which languages."""
    expires = (timezone.now() + datetime.timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.isoformat()}",
        "Preferred-Languages: nn, nb, en",
        f"Canonical: {request.build_absolute_uri(reverse('security_txt'))}",
        f"Policy: {request.build_absolute_uri(reverse('accessibility'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def favicon(request):
    """Send browsers and crawlers that ask the site root for an icon to the static one."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))
