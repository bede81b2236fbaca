"""The grids the maps are drawn on: where SVG coordinates come from, shared by the step that
stores the shapes (regions/map_shapes.py) and the one that draws them (regions/maps.py)."""

from dataclasses import dataclass

# The projection Norwegian maps use: EUREF89 (ETRS89) / UTM zone 33N, metres east and north.
CRS = "EPSG:25833"

# The north-west corner of every grid, in UTM 33N metres: SVG's y axis runs south, so a point's
# grid coordinates are ((east - ORIGIN_EAST) / step, (ORIGIN_NORTH - north) / step).
ORIGIN_EAST = -90_000
ORIGIN_NORTH = 7_950_000


@dataclass(frozen=True)
class Level:
    """One level of detail: path data on a grid of `step` metres, simplified by `tolerance` metres."""

    field: str
    step: int
    tolerance: int
    # Islands and holes smaller than this many grid cells are left out (never a municipality's
    # largest part): invisible at the level's scale, and most of the bytes.
    min_cells: float

    def grid(self, east, north):
        """Return the grid point of a UTM 33N coordinate, rounded to whole cells."""
        return (
            round((east - ORIGIN_EAST) / self.step),
            round((ORIGIN_NORTH - north) / self.step),
        )


# Norway on a page: a 1 km grid, simplified to about 2 km, so the whole country is ~50 KB.
NATIONAL = Level("national", step=1000, tolerance=2500, min_cells=1)
# A region and its surroundings: a region wider than WIDE_REGION_METRES is drawn on the coarser
# grid, so that the largest region's map stays small; a smaller one on the finer grid.
REGION_WIDE = Level("wide", step=300, tolerance=1200, min_cells=2)
REGION_CLOSE = Level("close", step=100, tolerance=250, min_cells=4)
WIDE_REGION_METRES = 100_000

# Norway's extent on the national grid (every municipality lies inside; a test checks it).
NATIONAL_VIEW_BOX = (0, 0, 1220, 1510)
