"""Maps drawn by the server as inline SVG from the stored municipality shapes (MunicipalityShape):
Norway with each region a link, and one region among its neighbours. Each costs one query."""

from dataclasses import dataclass, field

from django.db.models import FilteredRelation, Q

from byregion.prepared import PreparedQuery
from regions.map_grid import (
    NATIONAL_VIEW_BOX,
    REGION_CLOSE,
    REGION_WIDE,
    WIDE_REGION_METRES,
)
from regions.models import Municipality, MunicipalityShape

# A region map is about this wide on a page (px); its labels are sized for it.
REGION_MAP_WIDTH = 400
LABEL_PX = 15
# Around a region: this share of its extent on every side, and a shape no flatter or taller
# than these width/height ratios, so a long thin region still shows where it lies.
MARGIN = 0.12
MIN_MARGIN_METRES = 4000
ASPECT_RANGE = (0.8, 1.4)


@dataclass
class RegionLink:
    region: object
    path: str
    # Members an earlier link has drawn already (a municipality in two regions): drawn again,
    # striped, so both regions' colours show and each link covers all its members.
    shared: str = ""


@dataclass
class NationalMap:
    links: list
    land: str
    county_borders: str
    view_box: str = " ".join(map(str, NATIONAL_VIEW_BOX))

    @property
    def shared(self):
        """Whether some municipality is in more than one of the regions (the legend says so)."""
        return any(link.shared for link in self.links)


def national_map(regions):
    """Return Norway with `regions` as links, or None when there are none; one query."""
    regions = list(regions)
    if not regions:
        return None
    rows = (
        Municipality.objects.annotate(
            member=FilteredRelation(
                "memberships", condition=Q(memberships__region__in=[r.pk for r in regions])
            )
        )
        .values_list("pk", "shape__national", "shape__county_border", "member__region")
        .order_by("number", "member__region")
    )
    paths, borders, members = {}, {}, {}
    for pk, path, county_border, region_id in rows:
        paths[pk] = path or ""
        borders[pk] = county_border or ""
        if region_id is not None:
            members.setdefault(region_id, {})[pk] = True
    drawn, links = set(), []
    for region in regions:
        own = [pk for pk in members.get(region.pk, ()) if pk not in drawn]
        shared = [pk for pk in members.get(region.pk, ()) if pk in drawn]
        drawn.update(own)
        if own or shared:
            links.append(
                RegionLink(
                    region=region,
                    path="".join(paths[pk] for pk in own),
                    shared="".join(paths[pk] for pk in shared),
                )
            )
    return NationalMap(
        links=links,
        land="".join(path for pk, path in paths.items() if pk not in drawn),
        county_borders="".join(borders.values()),
    )


@dataclass
class Label:
    x: int
    y: int
    text: str


@dataclass
class RegionMap:
    view_box: str
    surroundings: str
    members: list  # SVG path data, one per member municipality
    labels: list = field(default_factory=list)
    font_size: int = 0
    names: list = field(default_factory=list)


def _neighbours_at(field):
    """The shapes (at one level of detail) whose box meets a box: compiled once per process."""
    return PreparedQuery(
        lambda west, east, south, north: (
            MunicipalityShape.objects.filter(
                x_max__gt=west, x_min__lt=east, y_max__gt=south, y_min__lt=north
            )
            .order_by("municipality__number")
            .values("municipality_id", field)
        ),
        west=int,
        east=int,
        south=int,
        north=int,
    )


_NEIGHBOURS = {level.field: _neighbours_at(level.field) for level in (REGION_WIDE, REGION_CLOSE)}


def region_map(memberships):
    """Return a map of the member municipalities among their neighbours, or None without members.

    The memberships come with `municipality__shape` selected; the neighbours cost one query.
    """
    # A municipality the register gained after the borders were loaded has no shape: left off.
    municipalities = [
        municipality
        for municipality in {m.municipality_id: m.municipality for m in memberships}.values()
        if hasattr(municipality, "shape")
    ]
    if not municipalities:
        return None
    shapes = [municipality.shape for municipality in municipalities]
    west, south = min(s.x_min for s in shapes), min(s.y_min for s in shapes)
    east, north = max(s.x_max for s in shapes), max(s.y_max for s in shapes)
    level = REGION_WIDE if max(east - west, north - south) > WIDE_REGION_METRES else REGION_CLOSE
    west, south, east, north = _surroundings(west, south, east, north)

    members = {m.pk for m in municipalities}
    neighbours = [
        row[level.field]
        for row in _NEIGHBOURS[level.field].rows(west=west, east=east, south=south, north=north)
        if row["municipality_id"] not in members
    ]
    left, top = level.grid(west, north)
    right, bottom = level.grid(east, south)
    width, height = right - left, bottom - top
    font_size = round(width * LABEL_PX / REGION_MAP_WIDTH)
    return RegionMap(
        view_box=f"{left} {top} {width} {height}",
        surroundings="".join(neighbours),
        members=[getattr(shape, level.field) for shape in shapes],
        labels=_labels(municipalities, level, font_size, (left, top, right, bottom)),
        font_size=font_size,
        names=sorted(m.name for m in municipalities),
    )


def _surroundings(west, south, east, north):
    """Return the box to draw: the members' box with a margin, widened to a readable shape."""
    margin = max(MARGIN * max(east - west, north - south), MIN_MARGIN_METRES)
    west, south, east, north = west - margin, south - margin, east + margin, north + margin
    width, height = east - west, north - south
    low, high = ASPECT_RANGE
    if width / height < low:
        grow = (low * height - width) / 2
        west, east = west - grow, east + grow
    elif width / height > high:
        grow = (width / high - height) / 2
        south, north = south - grow, north + grow
    return round(west), round(south), round(east), round(north)


# Width of a label per character, in ems: generous for the system sans-serif, so boxes that do
# not overlap here do not overlap on screen.
CHAR_EMS = 0.6
# Where to try a label, in line heights from its point, before it settles on the first try.
NUDGES = (0, -1, 1, -2, 2)


def _labels(municipalities, level, font_size, view):
    """Return a label per municipality at its label point, moved up or down to clear the others."""
    left, top, right, bottom = view
    placed, labels = [], []
    by_size = sorted(
        municipalities,
        key=lambda m: -(m.shape.x_max - m.shape.x_min) * (m.shape.y_max - m.shape.y_min),
    )
    for municipality in by_size:
        x, y = level.grid(municipality.shape.label_x, municipality.shape.label_y)
        half = CHAR_EMS * font_size * len(municipality.name) / 2
        x = round(min(max(x, left + half), right - half))
        for nudge in NUDGES:
            box = (x - half, y + nudge * font_size * 1.2 - font_size * 0.6)
            box = (*box, box[0] + 2 * half, box[1] + font_size * 1.2)
            if box[1] >= top and box[3] <= bottom and not any(_overlap(box, b) for b in placed):
                y = round(y + nudge * font_size * 1.2)
                break
        else:
            box = (x - half, y - font_size * 0.6, x + half, y + font_size * 0.6)
        placed.append(box)
        labels.append(Label(x=x, y=y, text=municipality.name))
    return sorted(labels, key=lambda label: label.text)


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
