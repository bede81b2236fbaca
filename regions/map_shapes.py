"""Turn the municipality borders of 2024 (regions/reference/kommunar-2024.geojson) into what the maps
draw, once, when the reference data is loaded: projected to UTM zone 33N, cleaned into a coverage
whose neighbours share their borders exactly, simplified as a coverage (each shared border once, so
neighbours still meet: no gaps, no slivers), and written as SVG path data on whole-number grids.

Only the data migration and the tests import this module; pages read the stored result."""

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyproj
import shapely
import shapely.ops

from regions.map_grid import (
    CRS,
    NATIONAL,
    ORIGIN_EAST,
    ORIGIN_NORTH,
    REGION_CLOSE,
    REGION_WIDE,
    Level,
)

GEOJSON = Path(__file__).resolve().parent / "reference" / "kommunar-2024.geojson"
LEVELS = (NATIONAL, REGION_WIDE, REGION_CLOSE)
# Faces of at least this many grid cells are given to the municipality a point inside lies in.
LARGE_FACE_CELLS = 16


class MapDataError(ValueError):
    """The border file does not fit the register it is loaded beside."""


@dataclass
class Shape:
    """What the maps need of one municipality, ready to store (regions.models.MunicipalityShape)."""

    number: str
    paths: dict = field(default_factory=dict)  # Level.field -> SVG path data
    county_border: str = ""  # county borders this municipality draws on the national map
    bounds: tuple = ()  # (x_min, y_min, x_max, y_max), UTM 33N metres
    label: tuple = ()  # (x, y) inside its largest part, UTM 33N metres


@functools.cache
def _to_utm():
    return pyproj.Transformer.from_crs("EPSG:4326", CRS, always_xy=True)


def project(longitudes, latitudes):
    """Return (east, north) in UTM zone 33N metres for WGS 84 longitudes and latitudes."""
    return _to_utm().transform(longitudes, latitudes)


def _project_coords(coords):
    return np.column_stack(project(coords[:, 0], coords[:, 1]))


def read_borders(path=GEOJSON):
    """Return {municipality number: geometry in UTM 33N metres}, each geometry made valid."""
    with open(path, encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    borders = {}
    for feature in features:
        number = feature["properties"]["kommunenummer"]
        if number in borders:
            raise MapDataError(f"{path.name}: kommunenummer {number} står to gonger.")
        geometry = shapely.transform(shapely.geometry.shape(feature["geometry"]), _project_coords)
        # The source's own simplification left a few rings touching themselves; «structure»
        # keeps the shell and treats a closed-off inlet as the water it is.
        borders[number] = shapely.make_valid(geometry, method="structure")
    return borders


def build(counties, path=GEOJSON):
    """Return a Shape for every municipality in `counties` ({number: county number})."""
    borders = read_borders(path)
    if set(borders) != set(counties):
        missing = sorted(set(counties) - set(borders))
        unknown = sorted(set(borders) - set(counties))
        raise MapDataError(
            f"{path.name} passar ikkje til kommuneregisteret: manglar {missing or 'ingen'}, "
            f"ukjende {unknown or 'ingen'}."
        )
    numbers = sorted(borders)
    # Where the source's neighbours overlap a little or miss each other's vertices, make their
    # shared borders identical first: coverage simplification needs a clean coverage.
    coverage = shapely.coverage_clean(np.array([borders[number] for number in numbers]))
    if not shapely.coverage_is_valid(coverage):
        raise MapDataError(f"{path.name}: kommunegrensene dannar ikkje ei samanhengande flate.")

    shapes = {number: Shape(number=number) for number in numbers}
    for number, geometry in zip(numbers, coverage, strict=True):
        x_min, y_min, x_max, y_max = geometry.bounds
        shapes[number].bounds = (
            int(np.floor(x_min)),
            int(np.floor(y_min)),
            int(np.ceil(x_max)),
            int(np.ceil(y_max)),
        )
        label = shapely.ops.polylabel(_largest_part(geometry), tolerance=100)
        shapes[number].label = (round(label.x), round(label.y))

    for level in LEVELS:
        simplified = shapely.coverage_simplify(coverage, level.tolerance)
        gridded = on_grid(simplified, level)
        for number, geometry in zip(numbers, gridded, strict=True):
            shapes[number].paths[level.field] = polygon_path(geometry, level)
        if level is NATIONAL:
            for number, line in county_borders(numbers, gridded, counties).items():
                shapes[number].county_border = line_path(line)
    return [shapes[number] for number in numbers]


def on_grid(geometries, level: Level):
    """Return the coverage in whole grid cells, still a coverage: neighbours share every border.

    Rounding each outline on its own can pinch a thin stretch shut or make two outlines cross.
    Instead all borders are noded together with snap rounding (OverlayNG on the grid), cut into
    faces, and each face goes to the municipality it mostly lies in.
    """
    step = level.step
    scaled = shapely.transform(
        geometries,
        lambda c: np.column_stack(
            [(c[:, 0] - ORIGIN_EAST) / step, (ORIGIN_NORTH - c[:, 1]) / step]
        ),
    )
    borders = shapely.union_all(shapely.boundary(scaled), grid_size=1)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(borders)))
    # Each face goes to the municipality it mostly lies in; one mostly outside them all is water.
    # A large face is settled by the point inside it; a small one, which snapping may have moved
    # half out of its municipality, by measuring.
    tree = shapely.STRtree(scaled)
    owner_of = dict(zip(*tree.query(shapely.point_on_surface(faces), "within"), strict=True))
    large = shapely.area(faces) >= LARGE_FACE_CELLS
    small = np.array([face for face in range(len(faces)) if not large[face]], dtype=int)
    small_at, candidates = tree.query(faces[small], "intersects")
    shares = shapely.area(shapely.intersection(faces[small[small_at]], scaled[candidates]))
    best, land = {}, {}
    for face, owner, share in zip(small[small_at], candidates, shares, strict=True):
        land[face] = land.get(face, 0) + share
        if share > best.get(face, (None, 0))[1]:
            best[face] = (owner, share)
    owners = {}
    for face in range(len(faces)):
        if large[face]:
            owner = owner_of.get(face)
        elif face in best and land[face] > faces[face].area / 2:
            owner = best[face][0]
        else:
            owner = None
        if owner is not None:
            owners.setdefault(owner, []).append(faces[face])
    # A municipality too small to keep a face of its own on this grid keeps its rounded outline.
    return [
        shapely.coverage_union_all(owners[index]) if index in owners else scaled[index]
        for index in range(len(scaled))
    ]


def county_borders(numbers, geometries, counties):
    """Return {number: the borders it shares with municipalities of other counties}.

    Each stretch is kept once, by the lower-numbered of the two neighbours; both hold exactly
    the same points along it.
    """
    tree = shapely.STRtree(geometries)
    found = {}
    for index, candidate in zip(*tree.query(geometries, predicate="intersects"), strict=True):
        first, second = numbers[index], numbers[candidate]
        if first >= second or counties[first] == counties[second]:
            continue
        shared = shapely.intersection(geometries[index].boundary, geometries[candidate].boundary)
        lines = [part for part in shapely.get_parts(shared) if part.geom_type == "LineString"]
        if lines:
            found.setdefault(first, []).extend(lines)
    return {number: shapely.line_merge(shapely.union_all(lines)) for number, lines in found.items()}


def _largest_part(geometry):
    return max(shapely.get_parts(geometry), key=lambda part: part.area)


def polygon_path(geometry, level: Level):
    """Return SVG path data for a (multi)polygon in grid cells: a closed subpath per ring."""
    largest = _largest_part(geometry)
    rings = []
    for part in sorted(shapely.get_parts(geometry), key=lambda p: -p.area):
        if part is not largest and part.area < level.min_cells:
            continue
        rings.append(_points(part.exterior.coords))
        rings.extend(
            _points(hole.coords)
            for hole in part.interiors
            if shapely.Polygon(hole).area >= level.min_cells
        )
    return encode([ring for ring in rings if len(ring) >= 3], closed=True)


def line_path(geometry):
    """Return SVG path data for (multi)line strings in grid cells: open subpaths."""
    lines = [_points(part.coords) for part in shapely.get_parts(geometry)]
    return encode([line for line in lines if len(line) >= 2], closed=False)


def _points(coords):
    """Return whole-number points without repeats (a closed ring loses its last point)."""
    points = []
    for x, y in coords:
        point = (round(x), round(y))
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points


def encode(subpaths, *, closed):
    """Return compact SVG path data: a move to each subpath, then relative lines (`l`).

    The first move is absolute, so the data of several municipalities can be joined into one
    path; later moves are relative to where the previous subpath started (`m` after `z`) or
    ended (`m` after an open line).
    """
    out = []
    current = None
    for points in subpaths:
        x, y = points[0]
        if current is None:
            out.append(f"M{x} {y}")
        else:
            out.append("m" + _numbers([x - current[0], y - current[1]]))
        deltas = []
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            deltas += [x1 - x0, y1 - y0]
        out.append("l" + _numbers(deltas))
        if closed:
            out.append("z")
            current = points[0]
        else:
            current = points[-1]
    return "".join(out)


def _numbers(values):
    """Join whole numbers as SVG does: a minus sign separates as well as a space does."""
    text = ""
    for value in values:
        if text and value >= 0:
            text += " "
        text += str(value)
    return text
