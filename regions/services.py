"""Region services: find today's municipality from a name used in the programme or today."""

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from regions.models import FormerMunicipality, Municipality

_IN_BRACKETS = re.compile(r"^(?P<name>.+?)\s*\((?P<county>[^()]+)\)$")
_DASHES = re.compile(r"\s*[-‐‑–—]\s*")


class MunicipalityMatchError(LookupError):
    """A name that matches no municipality, or several; the message says which and what to do."""


@dataclass(frozen=True)
class MunicipalityMatch:
    """Today's municipality for a name, and the name as the programme used it."""

    municipality: Municipality
    name: str
    former: FormerMunicipality | None = None
    # A programme-era municipality that was split (Snillfjord, Tysfjord) lives on in several.
    split_between: tuple[Municipality, ...] = ()

    @property
    def renamed(self):
        return self.name != self.municipality.name


@dataclass
class _Candidate:
    name: str
    successors: tuple[Municipality, ...]
    counties: set[str]
    county_label: str
    former: FormerMunicipality | None = None

    @property
    def label(self):
        number = self.former.number if self.former else self.successors[0].number
        return f"{self.name} ({self.county_label}, {number})"


# The same few hundred names are compared again and again (an import, every search).
@functools.lru_cache(maxsize=4096)
def name_key(value):
    """Compare names without case, accents in composed form, extra spaces or dash variants."""
    value = unicodedata.normalize("NFC", str(value)).strip()
    value = _DASHES.sub("-", value)
    return " ".join(value.casefold().split())


def _county_keys(county):
    if county is None:
        return set()
    values = [county] if isinstance(county, str) else list(county)
    keys = set()
    for value in values:
        for part in re.split(r"[;,/]", str(value)):
            if part.strip():
                keys.add(name_key(part))
    return keys


class MunicipalityRegister:
    """The 2024 register and the 2016 map held in memory, so many names cost four queries."""

    def __init__(self):
        self._aliases: dict[str, list[_Candidate]] = {}
        municipalities = list(Municipality.objects.select_related("county"))
        formers = list(FormerMunicipality.objects.prefetch_related("successors__county"))
        predecessor_counties: dict[int, set[str]] = {}
        for former in formers:
            for successor in former.successors.all():
                predecessor_counties.setdefault(successor.pk, set()).add(
                    name_key(former.county_name)
                )
        for municipality in municipalities:
            counties = {name_key(municipality.county.name), municipality.county.number}
            counties |= predecessor_counties.get(municipality.pk, set())
            candidate = _Candidate(
                name=municipality.name,
                successors=(municipality,),
                counties=counties,
                county_label=municipality.county.name,
            )
            names = {municipality.name, *municipality.other_names.split(",")}
            for alias in names:
                self._add(alias, candidate)
        for former in formers:
            successors = tuple(sorted(former.successors.all(), key=lambda m: m.number))
            counties = {name_key(former.county_name)}
            for successor in successors:
                counties |= {name_key(successor.county.name), successor.county.number}
            plain = former.plain_name
            parts = plain.split(" - ") if " - " in plain else [plain]
            for part in parts:
                candidate = _Candidate(
                    name=part.strip(),
                    successors=successors,
                    counties=counties,
                    county_label=former.county_name,
                    former=former,
                )
                self._add(part, candidate)
                self._add(former.name, candidate)
                self._add(plain, candidate)

    def _add(self, alias, candidate):
        alias = alias.strip()
        if alias:
            bucket = self._aliases.setdefault(name_key(alias), [])
            if candidate not in bucket:
                bucket.append(candidate)

    def match(self, *, name: str, county: str | Iterable[str] | None = None) -> MunicipalityMatch:
        """Return the one municipality `name` means (in `county`), or raise MunicipalityMatchError.

        `name` is a programme-era or current name. `county` (a name from 2016 or 2024, or a number;
        several allowed) decides between namesakes such as Bø in Telemark and Bø in Nordland;
        «Bø (Telemark)» says the same inside the name.
        """
        name = " ".join(str(name or "").split())
        if not name:
            raise MunicipalityMatchError(_("Kommunenamnet er tomt."))
        wanted = _county_keys(county)
        candidates = self._aliases.get(name_key(name))
        bracketed = _IN_BRACKETS.match(name)
        if candidates is None and bracketed:
            candidates = self._aliases.get(name_key(bracketed["name"]))
            if candidates is not None:
                in_brackets = _county_keys(bracketed["county"])
                candidates = [c for c in candidates if c.counties & in_brackets] or None
                if candidates is None:
                    raise MunicipalityMatchError(
                        _("Fann ingen kommune «%(name)s» i %(county)s.")
                        % {"name": bracketed["name"], "county": bracketed["county"]}
                    )
        if not candidates:
            raise MunicipalityMatchError(
                _("Fann ingen kommune som heiter «%(name)s», verken i dag eller i 2016.")
                % {"name": name}
            )
        if wanted:
            in_county = [c for c in candidates if c.counties & wanted]
            if not in_county:
                raise MunicipalityMatchError(
                    _("«%(name)s» finst ikkje i %(county)s, berre som %(options)s.")
                    % {
                        "name": name,
                        "county": county if isinstance(county, str) else ", ".join(county),
                        "options": ", ".join(sorted({c.label for c in candidates})),
                    }
                )
            candidates = in_county
        outcomes: dict[tuple[str, ...], _Candidate] = {}
        for candidate in candidates:
            numbers = tuple(m.number for m in candidate.successors)
            # Prefer the programme-era entry: it keeps the 2016 name and municipality.
            if numbers not in outcomes or candidate.former is not None:
                outcomes[numbers] = candidate
        if len(outcomes) > 1:
            first = min(outcomes.values(), key=lambda c: c.label)
            raise MunicipalityMatchError(
                _(
                    "«%(name)s» kan vere fleire kommunar: %(options)s. Skriv fylket i parentes, "
                    "til dømes «%(example)s»."
                )
                % {
                    "name": name,
                    "options": ", ".join(sorted(c.label for c in outcomes.values())),
                    "example": f"{first.name} ({first.county_label})",
                }
            )
        (chosen,) = outcomes.values()
        successors = chosen.successors
        return MunicipalityMatch(
            municipality=successors[0],
            name=chosen.name,
            former=chosen.former,
            split_between=successors if len(successors) > 1 else (),
        )
