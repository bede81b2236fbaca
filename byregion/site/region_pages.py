"""The region list and the region page: they show both apps (regions, and their result examples).

Their URLs keep the names regions:region_list and regions:region_detail, under /regionar/
(byregion/urls.py).
"""

from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from byregion.cache import public_page
from byregion.site.views import first_image_url
from cases.models import ResultExample
from regions.forms import RegionFilterForm
from regions.models import County, Membership, Region
from regions.scope import may_edit


@public_page
def region_list(request):
    """All published regions with their counties, members and number of results."""
    counties = list(County.objects.all())
    form = RegionFilterForm(request.GET, counties=counties)
    public_results = ResultExample.objects.public_q("results__")
    regions = (
        form.filter(Region.objects.published())
        .annotate(result_count=Count("results", filter=public_results, distinct=True))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("municipality__county"),
            )
        )
        .order_by("name")
    )
    return render(
        request,
        "regions/region_list.html",
        {"regions": regions, "form": form, "counties": counties},
    )


def _previews(user, slug):
    """Return whether this user may see the region `slug` as a draft, and its draft results.

    Only those who may edit them (regions/scope.py); for everybody else a draft is a 404.
    """
    if not (user.is_authenticated and user.is_staff):
        return False, False
    region_id = Region.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if region_id is None:
        return False, False
    return may_edit(user, Region, region_id), may_edit(user, ResultExample, region_id)


def _visible_region(request, slug):
    """Return the region with everything its page shows; drafts only for those who may edit them."""
    region_drafts, result_drafts = _previews(request.user, slug)
    regions = Region.objects.all() if region_drafts else Region.objects.published()
    results = ResultExample.objects.all() if result_drafts else ResultExample.objects.published()
    regions = regions.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related(
                "municipality__county", "municipality__shape"
            ),
        ),
        "goals",
        "bottlenecks",
        "contacts",
        Prefetch(
            "results",
            queryset=results.with_cards().order_by("-published_at", "title"),
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
            "og_image": first_image_url(request, results),
        },
    )
