"""Read back the SVG path data the maps store and draw (M, m, l, z with whole numbers), so tests can
measure what a browser would draw."""

import re

import shapely


def subpaths(data):
    """Return [(points, closed)] in absolute grid coordinates."""
    found, current, start, command = [], (0, 0), (0, 0), None
    tokens = re.findall(r"[MmLlZz]|-?\d+", data)
    numbers = iter(())
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if token in "MmLlZz":
            command = token
            position += 1
            if command in "Zz":
                found[-1] = (found[-1][0], True)
                current = start
            continue
        numbers = (int(tokens[position]), int(tokens[position + 1]))
        position += 2
        if command in "Mm":
            x, y = numbers
            if command == "m":
                x, y = current[0] + x, current[1] + y
            start = current = (x, y)
            found.append(([current], False))
            command = "L" if command == "M" else "l"
        elif command == "l":
            current = (current[0] + numbers[0], current[1] + numbers[1])
            found[-1][0].append(current)
        else:
            current = numbers
            found[-1][0].append(current)
    return found


def polygon(data):
    """Return the area the path fills under the even-odd rule, as a shapely geometry."""
    area = shapely.Polygon()
    for points, closed in subpaths(data):
        assert closed, "every outline is closed"
        area = area.symmetric_difference(shapely.make_valid(shapely.Polygon(points)))
    return area


def segments(data):
    """Return the undirected segments of the path's subpaths, as a set of point pairs."""
    found = set()
    for points, closed in subpaths(data):
        ring = points + points[:1] if closed else points
        found.update(frozenset(pair) for pair in zip(ring, ring[1:], strict=False))
    return found
