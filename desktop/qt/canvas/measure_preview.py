"""The value of a measurement being drawn or dragged, computed on the fly (no Qt).

While the pointer moves, the viewer shows the length of what is being drawn. It is
computed with the core's own rules (``desktop.core.measurements``: which reference, how
the value and its uncertainty follow) from the photo's annotations as the viewer already
holds them (DTOs), without a database read per mouse move, so the value shown while
drawing is the value stored measurements get.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from desktop.core.errors import FragmentError
from desktop.core.measurements import (
    MEASURED_SHAPES,
    SCALE_REFERENCE,
    Evaluated,
    ScaleReference,
    Shape,
    evaluate,
    scale_reference,
)


def _value(v: Any) -> str:
    return str(getattr(v, "value", v))


def as_shape(a: Any) -> Shape:
    """An annotation DTO as the core's measuring code takes it."""
    return Shape(a.id, getattr(a, "label", "") or str(a.number), _value(a.kind),
                 _value(a.shape_type), dict(a.geometry), a.transcription or "")


def photo_references(annotations: Iterable[Any]) -> tuple[ScaleReference, ...]:
    """The scale references among a photo's annotation DTOs (usable or not)."""
    return tuple(scale_reference(as_shape(a)) for a in annotations
                 if _value(a.kind) == SCALE_REFERENCE)


def measure_shape(shape_type: str, geometry: dict[str, Any],
                  references: Sequence[ScaleReference], label: str = "") -> Evaluated | None:
    """The value of a drawn shape against the photo's references; None when it cannot be
    measured yet (one point, three points on one line)."""
    if shape_type not in MEASURED_SHAPES:
        return None
    points = geometry.get("points", [])
    if (shape_type != "circle" and len(points) < 2) or (
            shape_type == "circle" and float(geometry.get("r", 0)) <= 0):
        return None
    try:
        return evaluate(Shape(0, label, "measurement", shape_type, geometry), references)
    except (FragmentError, ValueError, ZeroDivisionError):
        return None
