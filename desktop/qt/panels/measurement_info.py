"""What the Inspector shows about a measurement or a scale reference, read from the case.

``measurement_view`` turns the selected annotation into a ``MeasurementView`` (the
``MeasurementBox`` shows it); ``reference_hint`` gives the one sentence a scale reference
whose reading does not parse needs.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.core.dimensions import compare, shipped_dimensions
from desktop.core.errors import FragmentError
from desktop.core.lengths import parse_length, parse_rect_size
from desktop.core.queries.investigation import AnnotationInfo, list_annotations
from desktop.qt.canvas.measure_preview import measure_shape, photo_references
from desktop.qt.canvas.measure_text import label_value
from desktop.qt.context import AppContext
from desktop.qt.panels.measurement_box import ComparisonView, MeasurementView


def _tr(text: str) -> str:
    return QCoreApplication.translate("Measurement", text)


def reference_hint(annotation: AnnotationInfo) -> str:
    """For a scale reference whose reading is not a size: what to type ("" when it is)."""
    plane = annotation.shape_type == "polygon" and len(annotation.geometry.get("points",
                                                                             [])) == 4
    try:
        if plane:
            parse_rect_size(annotation.transcription)
        else:
            parse_length(annotation.transcription)
        return ""
    except FragmentError:
        pass
    if plane:
        return _tr("Type the rectangle's real size in Reading, such as \"A4\", "
                   "\"credit card\" or \"210 x 297 mm\", to measure on its plane.")
    return _tr("Type the reference's real length in Reading, such as \"10 cm\" or "
               "\"4 in\", to measure with it.")


def catalog_features(photo_annotations: list[AnnotationInfo]) -> tuple[str, ...]:
    """What a measurement's reading can be picked from: the published dimensions of the
    munitions the photo's markings match ("9M723 body diameter"), then the features alone."""
    codes = {m.code for a in photo_annotations for m in a.matches}
    dims = shipped_dimensions()
    named = sorted({f"{d.code} {d.feature}" for d in dims if d.code in codes})
    plain = sorted({d.feature for d in dims if d.code in codes}
                   or {d.feature for d in dims})
    return tuple(named + plain)


def measurement_view(ctx: AppContext, annotation: AnnotationInfo) -> MeasurementView:
    """The value, method, warnings and catalog comparison of a measurement."""
    assert ctx.case is not None
    siblings: list[Any] = list(ctx.case.read(list_annotations, annotation.photo_id))
    refs = photo_references(siblings)
    measured = measure_shape(annotation.shape_type, dict(annotation.geometry), refs)
    features = catalog_features(siblings)
    if measured is None:
        return MeasurementView(_tr("cannot be measured (its points are on one line)"), "",
                               features=features)
    comparisons: list[ComparisonView] = []
    reading = annotation.transcription.strip().lower()
    if measured.mm is not None and reading:
        codes = {m.code for a in siblings for m in a.matches}
        for d in shipped_dimensions():
            named = f"{d.code} {d.feature}".lower()
            if reading == named or (reading == d.feature.lower() and d.code in codes):
                c = compare(measured, d)
                comparisons.append(ComparisonView(c.consistent, c.describe(), d.citation))
    no_comparison = ""
    if not comparisons:
        if measured.mm is None:
            no_comparison = _tr("No comparison without a scale reference.")
        elif not reading:
            no_comparison = _tr("Pick what was measured to compare it with the catalog.")
        else:
            no_comparison = _tr("No published dimension matches this reading.")
    unreadable = ""
    if refs.unreadable:
        unreadable = _tr(" (not used: {0}, whose reading is not a size)").format(
            ", ".join(refs.unreadable))
    return MeasurementView(
        value=label_value(measured),
        method=measured.method + unreadable,
        pointing_error="",
        warnings=measured.warnings,
        comparisons=tuple(comparisons),
        no_comparison=no_comparison,
        features=features,
    )
