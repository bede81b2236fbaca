"""The region list and the region page: they show both apps (regions, and their result examples).

Their URLs keep the names regions:region_list and regions:region_detail, under /regionar/
(byregion/urls.py).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from byregion.cache import public_page
from byregion.prepared import PreparedQuery
from byregion.site.forms import RegionFilterForm
from cases.cards import published_cards_of_region, result_cards
from cases.models import ResultExample
from regions.maps import region_map
from regions.models import (
    Bottleneck,
    Contact,
    County,
    Goal,
    Membership,
    Municipality,
    MunicipalityShape,
    Region,
)
from regions.scope import may_edit


def with_content_counts(regions):
    """Annotate regions with `goal_count`, `result_count` (public results) and `documented`
    (has goals or results), documented ones first: what the lists lead with."""
    public_results = ResultExample.objects.public_q("results__")
    documented = Q(goal_count__gt=0) | Q(result_count__gt=0)
    return regions.annotate(
        goal_count=Count("goals", distinct=True),
        result_count=Count("results", filter=public_results, distinct=True),
    ).annotate(
        documented=Case(When(documented, then=Value(True)), default=Value(False)),
    )


@public_page
def region_list(request):
    """All published regions, those with goals and results first, on a map and as cards."""
    counties = list(County.objects.all())
    form = RegionFilterForm(request.GET, counties=counties)
    regions = list(
        form.filter(with_content_counts(Region.objects.published()))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("municipality__county"),
            )
        )
        .order_by("-documented", "name")
    )
    return render(
        request,
        "regions/region_list.html",
        {
            "regions": regions,
            "documented_count": sum(1 for region in regions if region.documented),
            "form": form,
            "counties": counties,
        },
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


@dataclass
class GoalRow:
    """A goal with the results it advances: cards of those shown here first, links to the rest."""

    number: int
    text: str
    cards: list = field(default_factory=list)
    also: list = field(default_factory=list)


def _goal_rows(goals, cards):
    """Return the goals in order, each card once: under the first goal it advances.

    A result that advances several goals is linked from the others; results tied to no goal are
    returned apart, in the order given.
    """
    rows = {number: GoalRow(number=number, text=text) for number, text in goals}
    unlinked = []
    for card in cards:
        numbers = [number for number in card.goal_numbers if number in rows]
        if not numbers:
            unlinked.append(card)
            continue
        rows[numbers[0]].cards.append(card)
        for number in numbers[1:]:
            rows[number].also.append((card, numbers[0]))
    return list(rows.values()), unlinked


def _counties(memberships):
    counties = {m.municipality.county.number: m.municipality.county for m in memberships}
    return [counties[number] for number in sorted(counties)]


# The region page's reads, compiled once per process (byregion/prepared.py): the page is the
# site's busiest uncached one, and compiling its queries cost more than running them.
_SHAPE_FIELDS = ["wide", "close", "x_min", "y_min", "x_max", "y_max", "label_x", "label_y"]
_PUBLISHED_REGION = PreparedQuery(
    lambda slug, now: (
        Region.objects.published(at=now)
        .filter(slug=slug)
        .values(*(field.attname for field in Region._meta.concrete_fields))
    ),
    slug=str,
    now=datetime,
)
_MEMBERS = PreparedQuery(
    lambda region_id: (
        Membership.objects.filter(region_id=region_id)
        .order_by("position", "name")
        .values(
            "name",
            "applicant",
            "municipality_id",
            "municipality__number",
            "municipality__name",
            "municipality__county__number",
            "municipality__county__name",
            *(f"municipality__shape__{name}" for name in _SHAPE_FIELDS),
        )
    ),
    region_id=int,
)
_GOALS = PreparedQuery(
    lambda region_id: (
        Goal.objects.filter(region_id=region_id).order_by("number").values("number", "text")
    ),
    region_id=int,
)
_BOTTLENECKS = PreparedQuery(
    lambda region_id: Bottleneck.objects.filter(region_id=region_id).values("text"),
    region_id=int,
)
_CONTACTS = PreparedQuery(
    lambda region_id: Contact.objects.filter(region_id=region_id).values(
        *(field.attname for field in Contact._meta.concrete_fields)
    ),
    region_id=int,
)


def _members(region_id):
    """Return the region's memberships with their municipality, county and map shape, built from
    one row each (no model is read twice)."""
    members = []
    for row in _MEMBERS.rows(region_id=region_id):
        municipality = Municipality(
            pk=row["municipality_id"],
            number=row["municipality__number"],
            name=row["municipality__name"],
            county=County(
                number=row["municipality__county__number"], name=row["municipality__county__name"]
            ),
        )
        if row["municipality__shape__x_min"] is not None:
            municipality.shape = MunicipalityShape(
                **{name: row[f"municipality__shape__{name}"] for name in _SHAPE_FIELDS}
            )
        members.append(
            Membership(
                region_id=region_id,
                municipality=municipality,
                name=row["name"],
                applicant=row["applicant"],
            )
        )
    return members


def _public_region(slug):
    rows = _PUBLISHED_REGION.rows(slug=slug, now=timezone.now())
    return Region(**rows[0]) if rows else None


@public_page
def region_detail(request, slug):
    """One region: facts, members on a map, goals with the results that advance each, contacts.

    Seven queries whatever the amount of content: the region, its members with their shapes, the
    map's neighbours, goals, result cards, bottlenecks and contacts. Sections with nothing in
    them are left out; drafts only for those who may edit them (regions/scope.py).
    """
    region_drafts, result_drafts = _previews(request.user, slug)
    region = Region.objects.filter(slug=slug).first() if region_drafts else _public_region(slug)
    if region is None:
        raise Http404(_("Fann ikkje byregionen."))
    memberships = _members(region.pk)
    goals = [(row["number"], row["text"]) for row in _GOALS.rows(region_id=region.pk)]
    if result_drafts:
        cards = result_cards(region.results.order_by("-published_at", "title"))
    else:
        cards = published_cards_of_region(region.pk)
    goal_rows, unlinked = _goal_rows(goals, cards)
    first_image = next((card.image for card in cards if card.image), None)
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            "memberships": memberships,
            "map": region_map(memberships),
            "applicant": next((m for m in memberships if m.applicant), None),
            "counties": _counties(memberships),
            "goal_rows": goal_rows,
            "covered_goal_count": sum(1 for row in goal_rows if row.cards or row.also),
            "unlinked_results": unlinked,
            "result_count": len(cards),
            "bottlenecks": [row["text"] for row in _BOTTLENECKS.rows(region_id=region.pk)],
            "contacts": [Contact(**row) for row in _CONTACTS.rows(region_id=region.pk)],
            "preview": not region.is_public,
            "og_image": request.build_absolute_uri(first_image.src) if first_image else "",
        },
    )
