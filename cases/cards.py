"""What a result card shows, read lean: the cards of any list of results in one query.

A card needs a handful of columns, the numbers of the goals it advances, the names of its themes
and its first image. Model instances with three prefetches cost most of a list page's time; one
query with correlated subqueries gives the same as plain values.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.files.storage import default_storage
from django.db.models import JSONField, OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone

from byregion.aggregates import JoinedText, split_joined
from byregion.editorial.models import is_visible
from byregion.prepared import PreparedQuery
from cases.models import ResultExample, ResultImage

# Stand-ins reversed once per list; every card's address is the pattern with its own slugs.
_REGION, _RESULT = "region-slug-placeholder", "result-slug-placeholder"


@dataclass(frozen=True, slots=True)
class CardImage:
    src: str
    srcset: str
    width: int | None
    height: int | None
    alt: str


@dataclass(frozen=True, slots=True)
class ResultCard:
    pk: int
    slug: str
    title: str
    teaser: str
    language: str
    url: str
    region_name: str
    is_public: bool
    published_at: datetime | None
    goal_numbers: tuple[int, ...]
    theme_names: tuple[str, ...]
    image: CardImage | None

    @property
    def anchor(self):
        """The card's id on a page that lists it: «resultat-<slug>»."""
        return f"resultat-{self.slug}"


def _joined(through, owner, value):
    return Subquery(
        through.objects.filter(**{owner: OuterRef("pk")})
        .order_by()
        .values(owner)
        .annotate(joined=JoinedText(value))
        .values("joined")
    )


def _first_image():
    return Subquery(
        ResultImage.objects.filter(result=OuterRef("pk"))
        .order_by("position", "id")
        .values(
            data=JSONObject(
                image="image",
                thumbnail="thumbnail",
                thumbnail_width="thumbnail_width",
                large="large",
                large_width="large_width",
                width="width",
                height="height",
                alt="alt_text",
                decorative="decorative",
            )
        )[:1],
        output_field=JSONField(),
    )


def card_image(data):
    """Return what a card's <img> needs from an image's stored names: renditions by width."""
    if not data:
        return None
    by_width = {}
    for name, width in ((data["thumbnail"], data["thumbnail_width"]), (data["large"], data["large_width"])):  # fmt: skip
        if name and width:
            by_width[width] = default_storage.url(name)
    if by_width:
        widths = sorted(by_width)
        src = by_width[widths[-1]]
        srcset = ", ".join(f"{by_width[w]} {w}w" for w in widths) if len(widths) > 1 else ""
    else:
        src, srcset = default_storage.url(data["image"]), ""
    alt = "" if data["decorative"] else data["alt"]
    return CardImage(src=src, srcset=srcset, width=data["width"], height=data["height"], alt=alt)


def _card_values(results):
    return results.values(
        "pk",
        "slug",
        "title",
        "teaser",
        "language",
        "status",
        "published_at",
        "unpublish_at",
        "region__slug",
        "region__name",
        "region__status",
        "region__published_at",
        "region__unpublish_at",
    ).annotate(
        goal_numbers=_joined(ResultExample.goals.through, "resultexample", "goal__number"),
        theme_names=_joined(ResultExample.themes.through, "resultexample", "theme__name"),
        first_image=_first_image(),
    )


def _cards(rows):
    now = timezone.now()
    pattern = reverse("cases:result_detail", kwargs={"region_slug": _REGION, "slug": _RESULT})
    cards = []
    for row in rows:
        public = all(
            is_visible(
                row[f"{prefix}status"],
                row[f"{prefix}published_at"],
                row[f"{prefix}unpublish_at"],
                now,
            )
            for prefix in ("", "region__")
        )
        cards.append(
            ResultCard(
                pk=row["pk"],
                slug=row["slug"],
                title=row["title"],
                teaser=row["teaser"],
                language=row["language"],
                url=pattern.replace(_REGION, row["region__slug"]).replace(_RESULT, row["slug"]),
                region_name=row["region__name"],
                is_public=public,
                published_at=row["published_at"],
                goal_numbers=tuple(sorted(int(n) for n in split_joined(row["goal_numbers"]))),
                theme_names=tuple(sorted(split_joined(row["theme_names"]), key=str.casefold)),
                image=card_image(row["first_image"]),
            )
        )
    return cards


def result_cards(results):
    """Return a ResultCard for each of `results` (a queryset, ordered as it is), in one query."""
    return _cards(_card_values(results))


# The public cards of one region, newest first: the region page's, compiled once per process.
_PUBLISHED_IN_REGION = PreparedQuery(
    lambda region_id, now: _card_values(
        ResultExample.objects.published(at=now)
        .filter(region_id=region_id)
        .order_by("-published_at", "title")
    ),
    region_id=int,
    now=datetime,
)


def published_cards_of_region(region_id):
    """Return the cards of the region's published results, newest first, in one query."""
    return _cards(_PUBLISHED_IN_REGION.rows(region_id=region_id, now=timezone.now()))
