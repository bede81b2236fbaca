"""Site-wide pages: the front page, the region page, search, the accessibility statement, robots.txt,
the error pages and the health check. The region page lives here because it shows both apps."""

import datetime

from django.db import connection
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Lower
from django.db.utils import DatabaseError, InterfaceError
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from byregion.cache import public_page
from byregion.search import clean_query
from byregion.search import search as site_search
from cases.models import ResultExample, Theme
from cases.views import card_prefetches
from regions.models import Membership, Region, Status

# The site owner's address for accessibility feedback; the statement names it as the way to
# report barriers. Settings are shared with operations, so it lives here with the statement.
ACCESSIBILITY_CONTACT_EMAIL = "uu@byregion.example"
# The day the statement was last checked against the site (WCAG 2.1 AA, see the statement).
ACCESSIBILITY_STATEMENT_UPDATED = datetime.date(2026, 11, 26)
HOME_LATEST = 6
HOME_FEATURED = 3


def _absolute_image_url(request, results):
    """Return the address of the first image among `results` (prefetched), for og:image."""
    for result in results:
        for image in result.images.all():
            return request.build_absolute_uri((image.large or image.image).url)
    return ""


def _public_themes():
    """Themes with the number of public results in each, the empty ones left out."""
    now = timezone.now()
    public = Q(
        results__status=Status.PUBLISHED,
        results__published_at__lte=now,
        results__region__status=Status.PUBLISHED,
        results__region__published_at__lte=now,
    )
    return list(
        Theme.objects.annotate(result_count=Count("results", filter=public, distinct=True))
        .filter(result_count__gt=0)
        .order_by(Lower("name"))
    )


@public_page
def home(request):
    """What the programme is, its regions with goal coverage, featured and latest results, themes."""
    now = timezone.now()
    covered = Q(goals__results__status=Status.PUBLISHED, goals__results__published_at__lte=now)
    regions = list(
        Region.objects.published()
        .annotate(
            goal_count=Count("goals", distinct=True),
            covered_goal_count=Count("goals", filter=covered, distinct=True),
        )
        .order_by("name")
    )
    public_results = ResultExample.objects.public().select_related("region")
    featured = list(public_results.filter(featured=True)[:HOME_FEATURED])
    latest = list(public_results.exclude(pk__in=[r.pk for r in featured])[:HOME_LATEST])
    prefetch_related_objects(featured + latest, *card_prefetches())
    goal_total = sum(region.goal_count for region in regions)
    goal_covered = sum(region.covered_goal_count for region in regions)
    return render(
        request,
        "home.html",
        {
            "regions": regions,
            "regions_with_goals": [region for region in regions if region.goal_count],
            "regions_without_goals": sum(1 for region in regions if not region.goal_count),
            "featured": featured,
            "latest": latest,
            "themes": _public_themes(),
            "result_total": public_results.count(),
            "goal_total": goal_total,
            "goal_covered": goal_covered,
            "og_image": _absolute_image_url(request, featured + latest),
        },
    )


def _visible_region(request, slug):
    """Return the region with everything its page shows; staff may see drafts, visitors may not."""
    staff = request.user.is_staff
    regions = Region.objects.all() if staff else Region.objects.published()
    results = ResultExample.objects.all() if staff else ResultExample.objects.published()
    regions = regions.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("municipality__county")),
        "goals",
        "bottlenecks",
        "contacts",
        Prefetch(
            "results",
            queryset=results.prefetch_related(*card_prefetches()).order_by(
                "-published_at", "title"
            ),
            to_attr="visible_results",
        ),
    )
    try:
        return regions.get(slug=slug)
    except Region.DoesNotExist as error:
        raise Http404(_("Fann ikkje byregionen.")) from error


def _results_by_goal(goals, results):
    """Return [(goal, [results that advance it])] in goal order, and the results tied to no goal."""
    by_goal = {goal.pk: [] for goal in goals}
    unlinked = []
    for result in results:
        goal_ids = [goal.pk for goal in result.goals.all()]
        for goal_id in goal_ids:
            by_goal.setdefault(goal_id, []).append(result)
        if not goal_ids:
            unlinked.append(result)
    return [(goal, by_goal[goal.pk]) for goal in goals], unlinked


@public_page
def region_detail(request, slug):
    """One region: facts, members, goals with the results that advance each, and whom to contact."""
    region = _visible_region(request, slug)
    memberships = list(region.memberships.all())
    goals = list(region.goals.all())
    results = region.visible_results
    goal_rows, unlinked = _results_by_goal(goals, results)
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            "memberships": memberships,
            "applicant": next((m for m in memberships if m.applicant), None),
            "counties": region.counties(),
            "goal_rows": goal_rows,
            "covered_goal_count": sum(1 for _goal, rows in goal_rows if rows),
            "unlinked_results": unlinked,
            "results": results,
            "bottlenecks": region.bottlenecks.all(),
            "contacts": region.contacts.all(),
            "preview": not region.is_public,
            "og_image": _absolute_image_url(request, results),
        },
    )


@public_page
def search(request):
    """Search published regions and results; with no query or no hit, suggest where to look."""
    query = clean_query(request.GET.get("q"))
    found = site_search(query) if query else None
    themes = _public_themes() if found is None or not found.total else []
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


def favicon(request):
    """Send browsers and crawlers that ask the site root for an icon to the static one."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))


def page_not_found(request, exception):
    """The 404 page: says so plainly and offers search and the main lists; no database needed."""
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    """The 500 page: a static template rendered without a request or the database."""
    return HttpResponseServerError(loader.get_template("500.html").render())


@never_cache
def health(request):
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except (DatabaseError, InterfaceError):
        response = JsonResponse({"status": "unavailable", "database": "down"}, status=503)
        response["Retry-After"] = "30"
        return response
    return JsonResponse({"status": "ok", "database": "up"})
