"""Which regions a municipality was a member of, found by any of its names.

A visitor asks «Seljord», «Sauherad» (Midt-Telemark since 2020), «Skånland» (Tjeldsund since
2020) or «Hábmer» (Hamarøy in Lule Sámi). A membership keeps the name the municipality had in the
programme; its municipality of today has today's name, its Sámi and Kven names and the 2016
municipalities it was made from (regions/models.py). The names of the published regions' members
are read in one query and compared whole, without regard to case or accents' composition, with
each run of words in the query: «Seljord kommune» finds Seljord, «tre» finds no municipality.
"""

import functools
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from byregion.prepared import PreparedQuery
from byregion.site.search_hits import region_url
from regions.models import Membership, Region
from regions.services import name_key

# Runs of up to four words are compared: more than any municipality's name has («Indre Østfold»).
_LONGEST_NAME_WORDS = 4
_BILINGUAL = re.compile(r"\s+[-–]\s+")
# Quotes and punctuation around a word of the query: «Seljord?» is Seljord.
_AROUND_WORDS = "\"'«».,;:!?()"


@functools.lru_cache(maxsize=1024)
def _other_names(value):
    """«Omasvuotna; Omasvuono» is two names."""
    return tuple(part.strip() for part in re.split(r"[;,]", value) if part.strip())


@functools.lru_cache(maxsize=1024)
def _former_names(value):
    """«Bø (Telemark)» is «Bø»; «Hábmer - Hamarøy» is both names."""
    plain = value.split(" (")[0]
    return tuple(_BILINGUAL.split(plain))


def query_phrases(query):
    """Return every run of up to four words of `query` (punctuation and negated words left out)."""
    words = [word.strip(_AROUND_WORDS) for word in query.split() if not word.startswith("-")]
    words = [word for word in words if word]
    return {
        name_key(" ".join(words[start : start + length]))
        for start in range(len(words))
        for length in range(1, _LONGEST_NAME_WORDS + 1)
        if start + length <= len(words)
    }


@dataclass
class MemberOf:
    """One region a found municipality was a member of, under which programme-era names."""

    region_id: int
    name: str
    url: str
    # Where the municipality stands among the region's members: the applicant first.
    standing: tuple = ()
    names_then: list = field(default_factory=list)

    @property
    def names_then_text(self):
        """«Bø og Sauherad»: the names it was a member under, where they differ from today's."""
        return get_text_list(self.names_then, _("og"))


@dataclass
class MunicipalityHit:
    """A municipality found by one of its names, and the published regions it was a member of."""

    name: str
    today: str
    county: str
    regions: list
    # A name the municipality had in the programme and no longer has (not a Sámi or Kven name).
    former: bool = False
    same_name_elsewhere: bool = False

    @property
    def label(self):
        """The name found, with what tells it apart: today's name, or the county for namesakes."""
        if self.same_name_elsewhere:
            return f"{self.name} ({self.county})"
        if name_key(self.name) == name_key(self.today):
            return self.name
        if self.former:
            return _("%(then)s (no %(now)s)") % {"then": self.name, "now": self.today}
        return f"{self.name} ({self.today})"


@dataclass
class MunicipalityMatches:
    """The municipality hits, and every published region's members with those that were found."""

    hits: list
    members: dict
    found: dict
    # The regions found: id → (name, slug, language).
    regions: dict = field(default_factory=dict)

    def region_order(self):
        """Return region id → place, in the order the hits name the regions."""
        order = {}
        for hit in self.hits:
            for member_of in hit.regions:
                order.setdefault(member_of.region_id, len(order))
        return order

    def members_of(self, region_id):
        """Return the region's member names in order, and the set of those that were found."""
        return self.members.get(region_id, []), self.found.get(region_id, set())


def _members(now):
    return (
        Membership.objects.filter(region__in=Region.objects.published(at=now).values("pk"))
        .order_by("region__name", "position", "name")
        .values_list(
            "region_id",
            "region__name",
            "region__slug",
            "region__language",
            "name",
            "municipality_id",
            "municipality__name",
            "municipality__other_names",
            "municipality__county__name",
            "municipality__predecessors__name",
            "applicant",
            "position",
        )
    )


# Every search reads the members; compiled once per process (byregion/prepared.py).
MEMBERS = PreparedQuery(_members, now=datetime)


def _memberships(rows):
    """Group the rows (one per 2016 predecessor) by membership: (row, the predecessors' names)."""
    grouped = {}
    for row in rows:
        key = (row["region_id"], row["name"])
        if key not in grouped:
            grouped[key] = (row, [])
        former = row["municipality__predecessors__name"]
        if former:
            grouped[key][1].extend(_former_names(former))
    return grouped.values()


def find_municipalities(query):
    """Return the published regions' member municipalities that `query` names; one query."""
    phrases = query_phrases(query)
    members = {}
    matched = {}
    found = {}
    regions = {}
    for row, formers in _memberships(MEMBERS.rows(now=timezone.now())):
        region_id, name, today = row["region_id"], row["name"], row["municipality__name"]
        region_name, slug = row["region__name"], row["region__slug"]
        applicant, position = row["applicant"], row["position"]
        regions[region_id] = (region_name, slug, row["region__language"])
        members.setdefault(region_id, []).append(name)
        # Under which of its names the membership is found: the programme's, and today's with its
        # Sámi and Kven names. Where the programme named a municipality that did not exist in
        # 2016 (today's name of a merger), each of the 2016 municipalities it was made from too;
        # where it named a 2016 municipality, only that one (Tjeldsund, not Skånland).
        other = _other_names(row["municipality__other_names"])
        aliases = [name, today, *other]
        if name_key(name) not in {name_key(former) for former in formers}:
            aliases += formers
        for alias in aliases:
            if name_key(alias) not in phrases:
                continue
            hit = found.setdefault(
                (row["municipality_id"], name_key(alias)),
                MunicipalityHit(
                    name=alias,
                    today=today,
                    county=row["municipality__county__name"],
                    regions=[],
                    former=name_key(alias) not in {name_key(n) for n in [today, *other]},
                ),
            )
            member_of = next((m for m in hit.regions if m.name == region_name), None)
            if member_of is None:
                member_of = MemberOf(
                    region_id=region_id,
                    name=region_name,
                    url=region_url(slug),
                    standing=(not applicant, position),
                )
                hit.regions.append(member_of)
            member_of.standing = min(member_of.standing, (not applicant, position))
            matched.setdefault(region_id, set()).add(name)
            differs = name_key(name) not in {name_key(alias), name_key(today)}
            if differs and name not in member_of.names_then:
                member_of.names_then.append(name)
    hits = sorted(found.values(), key=lambda hit: (name_key(hit.name), hit.county))
    for hit in hits:
        # The regions it was a member of under the name searched for come first, then those it
        # was in under other names (as part of a merger); the applicant first, then the list.
        hit.regions.sort(
            key=lambda member_of: (bool(member_of.names_then), member_of.standing, member_of.name)
        )
    for hit in hits:
        hit.same_name_elsewhere = (
            sum(name_key(other.name) == name_key(hit.name) for other in hits) > 1
        )
    return MunicipalityMatches(
        hits=hits,
        members=members,
        found=matched,
        regions={region_id: regions[region_id] for region_id in matched},
    )
