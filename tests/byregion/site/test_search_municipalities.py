"""/sok/: a municipality, by today's name, its name in the programme or its Sámi or Kven name,
finds the published regions it was a member of, first, with a hit that says so."""

import re

import pytest
from django.utils import timezone

from regions.models import Membership, Municipality, Region, Status
from tests.byregion.site.test_search import hit_titles

pytestmark = pytest.mark.django_db


def region_of(name, members, *, published=True, summary=""):
    """A region with `members`: (number of today's municipality, name in the programme or None)."""
    region = Region.objects.create(
        name=name,
        slug=re.sub(r"[^a-z]+", "-", name.lower()).strip("-"),
        phase_2=True,
        summary=summary,
        status=Status.PUBLISHED if published else Status.DRAFT,
        published_at=timezone.now() - timezone.timedelta(days=1) if published else None,
    )
    for position, (number, then) in enumerate(members):
        Membership.objects.create(
            region=region,
            municipality=Municipality.objects.get(number=number),
            name=then or "",
            applicant=position == 0,
            position=position,
        )
    return region


@pytest.fixture
def programme(db):
    """The members as the programme listed them (regions/reference/byregionar.csv)."""
    region_of(
        "Vest-Telemark",
        [("4034", None), ("4022", None), ("4028", None), ("4030", None), ("4032", None)],
    )
    region_of(
        "Notodden-regionen",
        [("4005", None), ("3303", None), ("4020", "Sauherad"), ("4026", None), ("4022", None)],
    )
    region_of("Midt-Telemark", [("4020", "Bø"), ("4018", None), ("4020", "Sauherad")])
    region_of("Harstadregionen", [("5503", None), ("5510", None), ("5512", "Skånland")])
    # The Tjeldsund of 2016, part of today's Tjeldsund with Skånland.
    region_of("Narvikregionen", [("1806", None), ("5512", "Tjeldsund"), ("1853", None)])
    region_of("Salten", [("1804", None), ("1875", None)])
    region_of("Nord-Troms", [("5544", None), ("5540", None)])
    region_of("Uferdig region", [("4022", None), ("1804", None)], published=False)


def visible_text(response):
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace(" ,", ",").split())


def municipality_hits(response):
    html = response.content.decode()
    if 'id="treff-kommunar"' not in html:
        return []
    part = html[html.index('id="treff-kommunar"') :]
    part = part[: part.index("</section>")]
    titles = re.findall(r'<h3 class="hit__title">(.*?)</h3>', part, re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", "", title).split()) for title in titles]


def test_a_municipality_in_two_regions_finds_both_and_says_so(client, programme):
    response = client.get("/sok/", {"q": "Seljord"})
    assert municipality_hits(response) == ["Seljord — med i Vest-Telemark og Notodden-regionen"]
    # The regions it was a member of are the first region hits, the member marked.
    assert hit_titles(response, "regionar") == ["Vest-Telemark", "Notodden-regionen"]
    html = response.content.decode()
    assert "<mark>Seljord</mark>" in html
    assert 'href="/regionar/vest-telemark/"' in html
    assert "Uferdig" not in html


def test_it_finds_members_by_their_name_in_the_programme(client, programme):
    assert municipality_hits(client.get("/sok/", {"q": "Sauherad"})) == [
        "Sauherad (no Midt-Telemark) — med i Midt-Telemark og Notodden-regionen"
    ]
    # Bø and Sauherad are both Midt-Telemark today, but only Sauherad was in Notodden-regionen.
    assert municipality_hits(client.get("/sok/", {"q": "Bø"})) == [
        "Bø (no Midt-Telemark) — med i Midt-Telemark"
    ]
    # Skånland is part of Tjeldsund today, but Narvikregionen had the Tjeldsund of 2016.
    assert municipality_hits(client.get("/sok/", {"q": "skånland"})) == [
        "Skånland (no Tjeldsund) — med i Harstadregionen"
    ]
    # A whole name, not a part of one, and only names of members.
    for query in ("tre", "Selj", "Telemark", "Oslo"):
        assert municipality_hits(client.get("/sok/", {"q": query})) == [], query


def test_todays_name_finds_what_its_parts_were_members_of(client, programme):
    assert municipality_hits(client.get("/sok/", {"q": "Midt-Telemark"})) == [
        "Midt-Telemark — med i Midt-Telemark (som Bø og Sauherad) og Notodden-regionen "
        "(som Sauherad)"
    ]
    assert municipality_hits(client.get("/sok/", {"q": "«Tjeldsund» kommune?"})) == [
        "Tjeldsund — med i Narvikregionen og Harstadregionen (som Skånland)"
    ]


def test_sami_and_kven_names_find_the_regions(client, programme):
    assert municipality_hits(client.get("/sok/", {"q": "Hárstták"})) == [
        "Hárstták (Harstad) — med i Harstadregionen"
    ]
    assert municipality_hits(client.get("/sok/", {"q": "Hábmer"})) == [
        "Hábmer (Hamarøy) — med i Salten"
    ]
    # Nordreisa is Ráisa in Northern Sámi and Raisi in Kven.
    assert municipality_hits(client.get("/sok/", {"q": "Raisi"})) == [
        "Raisi (Nordreisa) — med i Nord-Troms"
    ]
    assert hit_titles(client.get("/sok/", {"q": "Ráisa"}), "regionar") == ["Nord-Troms"]


def test_regions_found_by_a_member_come_before_those_that_mention_it(client, programme):
    region_of("Kongsbergregionen", [("3303", None)], summary="<p>Nær Seljord og Tinn.</p>")
    response = client.get("/sok/", {"q": "Seljord"})
    assert hit_titles(response, "regionar") == [
        "Vest-Telemark",
        "Notodden-regionen",
        "Kongsbergregionen",
    ]


def test_a_draft_region_is_never_named(client, programme):
    response = client.get("/sok/", {"q": "Bodø"})
    assert municipality_hits(response) == ["Bodø — med i Salten"]
    assert "Uferdig" not in visible_text(response)


def test_the_count_counts_every_hit_listed(client, programme):
    """One municipality and the two regions it was in: three hits on the page, «3 treff»."""
    response = client.get("/sok/", {"q": "Seljord"})
    assert len(municipality_hits(response)) + len(hit_titles(response, "regionar")) == 3
    assert "3 treff på «Seljord»" in response.content.decode()
