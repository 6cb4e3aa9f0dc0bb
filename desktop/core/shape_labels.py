"""Placing annotation labels so that they do not overlap (the canvas, and any page that
draws annotations with their captions).

Each label wants to sit just above the top-left corner of its shape. Labels are placed one
by one, top to bottom: the first free spot among the natural ones (above the shape, below
it, at its right edge) is taken, free meaning clear of the labels already placed and of
the other shapes (a label must not hide the marking next door); when all are taken, the
label moves up or down in steps of its own height until it is free, and is then drawn with
a leader line to its shape.
Coordinates are plain numbers in one frame (photo pixels); nothing here knows about Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class PlacedLabel:
    """Where a label goes: its box, and whether it needs a leader line to its shape."""

    box: Box
    leader: bool


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _outside(box: Box, within: Box | None) -> bool:
    return within is not None and (box[0] < within[0] or box[1] < within[1]
                                   or box[2] > within[2] or box[3] > within[3])


def place_labels(shapes: list[Box], sizes: list[tuple[float, float]], *,
                 gap: float = 2.0, max_steps: int = 40,
                 within: Box | None = None,
                 obstacles: list[Box] | None = None) -> list[PlacedLabel]:
    """A position for each label (``sizes[i]`` is label i's width and height) next to
    ``shapes[i]``, none overlapping another. With ``within`` (the photo), a spot that
    would stick out of it is taken only when no other is free. ``obstacles[i]`` is what
    of shape i the other labels must not cover (its box by default; a measurement circle
    around a fragment gives only its diameter, so the markings inside keep their labels
    close). Results are in the input order."""
    order = sorted(range(len(shapes)), key=lambda i: (shapes[i][1], shapes[i][0], i))
    placed: dict[int, PlacedLabel] = {}
    taken: list[Box] = []
    for i in order:
        # other shapes are obstacles too: a label must not hide the marking next door
        avoid = shapes if obstacles is None else obstacles
        blocked = taken + [avoid[k] for k, shape in enumerate(shapes)
                           if k != i and shape != shapes[i]]
        left, top, right, bottom = shapes[i]
        w, h = sizes[i]
        natural = [
            (left, top - h - gap),          # above, left-aligned (the usual place)
            (left, bottom + gap),           # below
            (right - w, top - h - gap),     # above, right-aligned
            (right + gap, top),             # beside, on the right
        ]
        choice: PlacedLabel | None = None
        for x, y in natural:
            box = (x, y, x + w, y + h)
            if not _outside(box, within) and not any(_overlaps(box, o) for o in blocked):
                choice = PlacedLabel(box, leader=False)
                break
        if choice is None:
            x, y0 = natural[0]
            for step in range(1, max_steps + 1):
                for y in (y0 - step * (h + gap), y0 + step * (h + gap)):
                    box = (x, y, x + w, y + h)
                    if not _outside(box, within) and not any(_overlaps(box, o)
                                                             for o in blocked):
                        choice = PlacedLabel(box, leader=True)
                        break
                if choice is not None:
                    break
        if choice is None:  # a crowd beyond reason: keep the usual place
            x, y = natural[0]
            choice = PlacedLabel((x, y, x + w, y + h), leader=False)
        placed[i] = choice
        taken.append(choice.box)
    return [placed[i] for i in range(len(shapes))]
