"""Place map labels so that none overlaps another, a marker, or the frame's edge.

Shared by the GUI map and the dossier's locator maps. Coordinates are plain numbers in
any frame whose axes are both linear (screen pixels with y down, PDF points with y up):
only rectangle overlaps are compared. Each label is tried at positions around its anchor,
nearest first, in rings of growing radius and eight directions; a label that had to
move away from its anchor gets a leader line back to it. Labels are placed in the order
given, so put the most important first. A label that finds no free place within the
largest ring is put at its nearest in-frame position and flagged ``crowded`` (the caller
may number it or leave it out).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle: ``x``, ``y`` is the corner with the smaller values."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Rect, gap: float = 0.0) -> bool:
        """True if the rectangles overlap or come closer than ``gap``."""
        return (self.x < other.x + other.w + gap and other.x < self.x + self.w + gap
                and self.y < other.y + other.h + gap and other.y < self.y + self.h + gap)

    def inside(self, frame: Rect) -> bool:
        """True if the rectangle lies wholly within ``frame``."""
        return (self.x >= frame.x and self.y >= frame.y
                and self.x + self.w <= frame.x + frame.w
                and self.y + self.h <= frame.y + frame.h)


@dataclass(frozen=True)
class Placement:
    """Where one label went; ``leader`` when it sits away from its anchor."""

    rect: Rect
    anchor: tuple[float, float]
    leader: bool
    crowded: bool = False

    def leader_end(self) -> tuple[float, float]:
        """The point of the label's edge nearest the anchor (where a leader line ends)."""
        ax, ay = self.anchor
        r = self.rect
        return (min(max(ax, r.x), r.x + r.w), min(max(ay, r.y), r.y + r.h))


# Eight directions, the usual cartographic preference first: right, upper right, left...
_DIRECTIONS = ((1, 0), (1, 1), (-1, 0), (-1, 1), (1, -1), (-1, -1), (0, 1), (0, -1))


def _candidate(anchor: tuple[float, float], size: tuple[float, float], direction: tuple[int, int],
               radius: float) -> Rect:
    ax, ay = anchor
    w, h = size
    dx, dy = direction
    # the rectangle's near edge sits ``radius`` away from the anchor in that direction
    x = ax + radius if dx > 0 else ax - radius - w if dx < 0 else ax - w / 2
    y = ay + radius - h / 2 if dy > 0 and dx else ay - radius - h / 2 if dy < 0 and dx else (
        ay + radius if dy > 0 else ay - radius - h if dy < 0 else ay - h / 2)
    return Rect(x, y, w, h)


class _Grid:
    """Rectangles bucketed by the cells they touch, so a test for overlap looks only at
    the neighbours (hundreds of labels stay fast)."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Rect]] = {}

    def _keys(self, rect: Rect, pad: float) -> list[tuple[int, int]]:
        c = self.cell
        x0, x1 = math.floor((rect.x - pad) / c), math.floor((rect.x + rect.w + pad) / c)
        y0, y1 = math.floor((rect.y - pad) / c), math.floor((rect.y + rect.h + pad) / c)
        return [(i, j) for i in range(x0, x1 + 1) for j in range(y0, y1 + 1)]

    def add(self, rect: Rect) -> None:
        for key in self._keys(rect, 0.0):
            self.cells.setdefault(key, []).append(rect)

    def hits(self, rect: Rect, gap: float) -> bool:
        return any(rect.overlaps(other, gap)
                   for key in self._keys(rect, gap) for other in self.cells.get(key, ()))


def place_labels(anchors: Sequence[tuple[float, float]], sizes: Sequence[tuple[float, float]],
                 frame: Rect, *, marker_radius: float = 4.0, gap: float = 1.5,
                 rings: int = 8, obstacles: Sequence[Rect] = ()) -> list[Placement]:
    """One placement per anchor (same order): no two labels overlap, none covers a marker.

    ``marker_radius`` is the size of the dot drawn at each anchor; ``gap`` the free space
    kept between labels; ``obstacles`` other rectangles to keep clear of (a legend).
    """
    cell = max([64.0, *(w for w, _ in sizes)])
    markers = _Grid(cell)
    for x, y in anchors:
        markers.add(Rect(x - marker_radius, y - marker_radius, 2 * marker_radius,
                         2 * marker_radius))
    taken = _Grid(cell)
    big: list[Rect] = []  # obstacles much larger than a cell are checked directly
    for rect in obstacles:
        if rect.w > 8 * cell or rect.h > 8 * cell:
            big.append(rect)
        else:
            taken.add(rect)
    out: list[Placement] = []
    for anchor, size in zip(anchors, sizes, strict=True):
        step = max(size[1], 6.0) + gap
        chosen: Placement | None = None
        for ring in range(rings):
            radius = marker_radius + gap + ring * step
            for direction in _DIRECTIONS:
                rect = _candidate(anchor, size, direction, radius)
                if not rect.inside(frame):
                    continue
                if taken.hits(rect, gap) or markers.hits(rect, 0.0):
                    continue
                if any(rect.overlaps(other, gap) for other in big):
                    continue
                chosen = Placement(rect, anchor, leader=ring > 0)
                break
            if chosen:
                break
        if chosen is None:
            chosen = _fallback(anchor, size, frame, marker_radius + gap)
        taken.add(chosen.rect)
        out.append(chosen)
    return out


def _fallback(anchor: tuple[float, float], size: tuple[float, float], frame: Rect,
              radius: float) -> Placement:
    rect = _candidate(anchor, size, (1, 0), radius)
    x = min(max(rect.x, frame.x), frame.x + frame.w - rect.w)
    y = min(max(rect.y, frame.y), frame.y + frame.h - rect.h)
    return Placement(Rect(x, y, rect.w, rect.h), anchor, leader=True, crowded=True)


def overlapping_pairs(rects: Sequence[Rect]) -> list[tuple[int, int]]:
    """Indices of every pair of rectangles that overlap (for tests and checks)."""
    return [(i, j) for i in range(len(rects)) for j in range(i + 1, len(rects))
            if rects[i].overlaps(rects[j])]

