"""Published dimensions of catalog entries, and whether a measurement agrees with them.

The figures live in ``resources/catalog/dimensions.json``, each with the public source it
was taken from and the figure as published ("0.92 m"): a published figure is known only to
half of its last digit, and that precision enters the comparison with the measurement's
own uncertainty. "Consistent" means the difference is within twice the combined standard
uncertainty; it supports, and never proves, an identification.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from desktop.core.errors import ValidationError
from desktop.core.lengths import format_mm, format_with_uncertainty, parse_length
from desktop.core.markings import normalize_marking
from desktop.core.measure import Measurement
from desktop.core.resources import resource_path

DIMENSIONS_FORMAT = "fragment-dimensions"
#: coverage factor of the consistency test (about 95 % for a normal error)
COVERAGE = 2.0


@dataclass(frozen=True)
class Dimension:
    """One published dimension of a catalog entry."""

    code: str
    feature: str
    mm: float
    tolerance_mm: float
    published: str
    citation: str


@dataclass(frozen=True)
class Comparison:
    """A measurement against one published dimension."""

    dimension: Dimension
    measured_mm: float
    uncertainty_mm: float
    difference_mm: float
    combined_mm: float
    consistent: bool

    def describe(self) -> str:
        """One sentence for the inspector and the dossier."""
        verdict = "consistent with" if self.consistent else "not consistent with"
        return (f"{format_with_uncertainty(self.measured_mm, self.uncertainty_mm)} is "
                f"{verdict} the {self.dimension.code} {self.dimension.feature} of "
                f"{self.dimension.published} (difference {format_mm(abs(self.difference_mm))}"
                f", allowed {format_mm(COVERAGE * self.combined_mm)})")


def parse_dimensions_document(doc: Any) -> tuple[Dimension, ...]:
    """Every dimension of a document, or a ``ValidationError`` naming the first problem."""
    if not isinstance(doc, dict) or doc.get("format") != DIMENSIONS_FORMAT:
        raise ValidationError(f"is not a {DIMENSIONS_FORMAT} document", "format")
    items = doc.get("dimensions")
    if not isinstance(items, list):
        raise ValidationError("must be a list", "dimensions")
    result = []
    for i, item in enumerate(items):
        where = f"dimensions[{i}]"
        if not isinstance(item, dict):
            raise ValidationError("must be an object", where)
        for key in ("code", "feature", "published", "citation"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise ValidationError("must be non-empty text", f"{where}.{key}")
        published = parse_length(item["published"], f"{where}.published")
        mm = item.get("mm")
        if not isinstance(mm, int | float) or not math.isclose(mm, published.mm, rel_tol=1e-6):
            raise ValidationError(f"must equal the published figure ({published.mm:g} mm)",
                                  f"{where}.mm")
        result.append(Dimension(item["code"], item["feature"], float(mm),
                                published.tolerance_mm, item["published"], item["citation"]))
    return tuple(result)


@cache
def shipped_dimensions() -> tuple[Dimension, ...]:
    """The dimensions shipped with Fragment."""
    path = resource_path("catalog", "dimensions.json")
    return parse_dimensions_document(json.loads(path.read_text(encoding="utf-8")))


def dimensions_for(code: str) -> tuple[Dimension, ...]:
    """The published dimensions of the catalog entry ``code`` (look-alikes folded)."""
    key = normalize_marking(code)
    return tuple(d for d in shipped_dimensions() if normalize_marking(d.code) == key)


def compare(measurement: Measurement, dimension: Dimension) -> Comparison:
    """Whether ``measurement`` agrees with ``dimension`` within the combined uncertainty."""
    if measurement.mm is None or measurement.uncertainty_mm is None:
        raise ValidationError("has no real length: the photo needs a scale reference",
                              "measurement")
    combined = math.hypot(measurement.uncertainty_mm, dimension.tolerance_mm)
    difference = measurement.mm - dimension.mm
    return Comparison(dimension, measurement.mm, measurement.uncertainty_mm, difference,
                      combined, abs(difference) <= COVERAGE * combined)
