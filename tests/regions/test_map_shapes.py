"""The 2024 municipality borders are projected to UTM zone 33N and simplified once, into the SVG
path data the maps draw (regions/map_shapes.py, run by regions/migrations/0007_map_shapes.py)."""

import csv

import pytest
import shapely

from regions import map_shapes
from regions.map_grid import NATIONAL, NATIONAL_VIEW_BOX, REGION_CLOSE, REGION_WIDE
from regions.models import MunicipalityShape
from tests import svgpath

LEVELS = (NATIONAL, REGION_WIDE, REGION_CLOSE)
REGISTER = map_shapes.GEOJSON.parent / "kommunar-2024.csv"


@pytest.fixture(scope="module")
def counties():
    with open(REGISTER, encoding="utf-8", newline="") as handle:
        return {row["kommunenummer"]: row["fylkesnummer"] for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def built(counties):
    return {shape.number: shape for shape in map_shapes.build(counties)}


@pytest.fixture(scope="module")
def drawn(built):
    """{level field: {number: the area its path data fills}}."""
    return {
        level.field: {
            number: svgpath.polygon(shape.paths[level.field]) for number, shape in built.items()
        }
        for level in LEVELS
    }


def neighbours(areas):
    """Yield (number, number) for municipalities whose drawn outlines share a stretch of border."""
    numbers = list(areas)
    geometries = [areas[number] for number in numbers]
    tree = shapely.STRtree(geometries)
    for first, second in zip(*tree.query(geometries, predicate="intersects"), strict=True):
        if first < second:
            touching = geometries[first].boundary.intersection(geometries[second].boundary)
            if touching.length > 0:
                yield numbers[first], numbers[second]


def test_it_projects_to_utm_zone_33n_like_norwegian_maps():
    # Oslo city hall (59.9114° N, 10.7336° E): the Krüger series (Karney 2011) computed apart from
    # PROJ gives these EUREF89 UTM 33 coordinates to the millimetre.
    east, north = map_shapes.project(10.7336, 59.9114)
    assert east == pytest.approx(261_503.806, abs=0.01)
    assert north == pytest.approx(6_649_232.456, abs=0.01)


def test_a_point_on_the_central_meridian_lies_on_the_false_easting():
    # On 15° E, easting is the false easting and northing 0.9996 times the GRS 80 meridian arc
    # from the equator (6 654 072.82 m to 60° N).
    east, north = map_shapes.project(15, 60)
    assert east == pytest.approx(500_000, abs=0.001)
    assert north == pytest.approx(0.9996 * 6_654_072.819, abs=0.01)


def test_every_municipality_is_kept_at_every_level(built, drawn):
    assert len(built) == 357
    for level in LEVELS:
        empty = [number for number, area in drawn[level.field].items() if not area.area > 0]
        assert empty == [], level.field


@pytest.mark.parametrize("level", LEVELS, ids=lambda level: level.field)
def test_neighbours_draw_their_shared_border_with_the_same_points(built, drawn, level):
    areas = drawn[level.field]
    pairs = list(neighbours(areas))
    assert len(pairs) > 700
    differing = []
    for first, second in pairs:
        common = svgpath.segments(built[first].paths[level.field]) & svgpath.segments(
            built[second].paths[level.field]
        )
        common_length = sum(shapely.LineString(list(segment)).length for segment in common)
        touching = areas[first].boundary.intersection(areas[second].boundary).length
        # Every stretch where the two outlines touch is a segment both of them draw.
        if common_length < touching - 1e-9:
            differing.append((first, second, round(touching - common_length, 3)))
    assert differing == []


@pytest.fixture(scope="module")
def source_neighbours(counties):
    """{(number, number): length of the border they share in the source, metres}."""
    borders = map_shapes.read_borders()
    numbers = sorted(borders)
    coverage = shapely.coverage_clean([borders[number] for number in numbers])
    return {
        (numbers[first], numbers[second]): length
        for first, second in zip(
            *shapely.STRtree(coverage).query(coverage, "intersects"), strict=True
        )
        if first < second
        and (length := coverage[first].boundary.intersection(coverage[second].boundary).length)
    }


@pytest.mark.parametrize("level", LEVELS, ids=lambda level: level.field)
def test_neighbours_still_meet_with_no_gap_between_them(built, source_neighbours, level):
    """Municipalities that share a border at least two grid cells long in Kartverket's data share
    identical segments on the map: no sliver opens between them. (A shorter border may shrink
    to a corner on the grid.)"""
    segments = {
        number: svgpath.segments(shape.paths[level.field]) for number, shape in built.items()
    }
    apart = [
        (first, second, round(length))
        for (first, second), length in source_neighbours.items()
        if length >= 2 * level.step and not segments[first] & segments[second]
    ]
    assert len(source_neighbours) > 700
    assert apart == []


@pytest.mark.parametrize("level", LEVELS, ids=lambda level: level.field)
def test_neighbours_do_not_overlap(drawn, level):
    areas = drawn[level.field]
    numbers = list(areas)
    geometries = [areas[number] for number in numbers]
    overlaps = [
        (numbers[first], numbers[second], round(area, 2))
        for first, second in zip(
            *shapely.STRtree(geometries).query(geometries, "intersects"), strict=True
        )
        if first < second and (area := geometries[first].intersection(geometries[second]).area) > 0
    ]
    assert overlaps == []


def test_county_borders_run_only_where_two_counties_meet(built, counties):
    owners = {}
    for number, shape in built.items():
        for segment in svgpath.segments(shape.paths[NATIONAL.field]):
            owners.setdefault(segment, set()).add(number)
    county_segments = set()
    for shape in built.values():
        county_segments |= svgpath.segments(shape.county_border)
    assert len(county_segments) > 400
    wrong = [
        sorted(owners.get(segment, ()))
        for segment in county_segments
        if len({counties[number] for number in owners.get(segment, ())}) != 2
    ]
    assert wrong == []
    # And every border between two counties is drawn.
    between = {
        segment
        for segment, numbers in owners.items()
        if len({counties[number] for number in numbers}) == 2
    }
    assert between <= county_segments


def test_everything_lies_within_the_national_view_box(built):
    left, top, width, height = NATIONAL_VIEW_BOX
    for shape in built.values():
        for points, _closed in svgpath.subpaths(shape.paths[NATIONAL.field]):
            assert all(left <= x <= left + width and top <= y <= top + height for x, y in points)


def test_each_label_point_lies_in_its_municipality(built, drawn):
    outside = []
    for number, shape in built.items():
        x, y = REGION_CLOSE.grid(*shape.label)
        if not drawn[REGION_CLOSE.field][number].buffer(1).contains(shapely.Point(x, y)):
            outside.append(number)
    assert outside == []


def test_a_border_file_that_does_not_fit_the_register_is_refused(counties):
    with pytest.raises(map_shapes.MapDataError, match=r"manglar \['9999'\], ukjende \['0301'\]"):
        map_shapes.build({**{n: c for n, c in counties.items() if n != "0301"}, "9999": "03"})


@pytest.mark.django_db
def test_the_migration_stores_a_shape_for_every_municipality():
    assert MunicipalityShape.objects.count() == 357
    oslo = MunicipalityShape.objects.get(municipality__number="0301")
    # Oslo city hall lies within Oslo's box (UTM 33N metres), and so does its label point.
    assert oslo.x_min < 261_504 < oslo.x_max
    assert oslo.y_min < 6_649_232 < oslo.y_max
    assert oslo.x_min < oslo.label_x < oslo.x_max
    assert oslo.y_min < oslo.label_y < oslo.y_max
    assert oslo.national.startswith("M")
    assert oslo.county_border
