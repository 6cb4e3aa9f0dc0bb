"""What the Inspector shows about a measurement or a scale reference, read from the case.

``read_measurement_box`` reads the core's measurement query for the selected annotation
and turns it into what the ``MeasurementBox`` shows: a ``MeasurementView`` for a
measurement, one sentence for a scale reference whose reading gives no size.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.core.measure import DEFAULT_POINTING_ERROR_PX
from desktop.core.queries.measurement_panel import MeasurementPanel
from desktop.core.queries.measurements import MeasurementInfo, ReferenceInfo
from desktop.qt.panels.measurement_box import ComparisonView, MeasurementView


def _tr(text: str) -> str:
    return QCoreApplication.translate("Measurement", text)


def reference_hint(reference: ReferenceInfo | None) -> str:
    """For a scale reference that gives no size: what is wrong and what to type ("" when
    it gives one)."""
    if reference is None or reference.kind:
        return ""
    plane = reference.shape_type == "polygon"
    if reference.shape_type not in ("line", "rect", "polygon"):
        return reference.problem
    what = _tr("Type the rectangle's real size in Reading, such as \"A4\", \"credit card\" "
               "or \"210 x 297 mm\", to measure on its plane.") if plane else \
        _tr("Type the reference's real length in Reading, such as \"10 cm\" or \"4 in\", "
            "to measure with it.")
    if reference.reading.strip():
        return _tr("\"{0}\" is not a size. {1}").format(reference.reading, what)
    return what


def pointing_text(px: float) -> str:
    """"2 px (fixed) per clicked point, the reference's included": a case has no pointing
    error of its own to set."""
    return _tr("{0} px (fixed) per clicked point, the reference's included").format(f"{px:g}")


def reference_view(reference: ReferenceInfo | None) -> MeasurementView | None:
    """What the box shows for a usable scale reference: the size it gives and how it is
    read (None when it gives nothing: ``reference_hint`` says why)."""
    if reference is None or not reference.kind:
        return None
    size, _, rule = reference.summary.partition("; ")
    if reference.kind == "plane":
        how = _tr("{0}: its corners are read in the order they were clicked. Lengths on its "
                  "plane are rectified.").format(_sentence(rule)) \
            if reference.shape_type == "polygon" else \
            _tr("{0}. Lengths on its plane are rectified.").format(_sentence(rule))
    else:
        how = _tr("A line of known length: one scale for the photo, true in the reference's "
                  "plane.")
    return MeasurementView(value=size, method=how,
                           pointing_error=pointing_text(DEFAULT_POINTING_ERROR_PX))


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else ""


def _method(m: MeasurementInfo) -> str:
    """Which reference and its reading, why that one, then the arithmetic:
    "Line reference A2 '50.0 cm' (the photo's only usable scale reference).
    Scale from line reference A2 50.0 cm (± 0.5 mm) over 250 px." The pointing error has a
    row of its own."""
    if m.value_mm is None:
        return _tr("In pixels: no scale reference on this photo can be used.")
    which = _sentence(m.method)
    if m.reference_choice:
        which = _tr("{0} ({1})").format(which, m.reference_choice)
    how = _sentence(m.method_detail.split("; pointing error")[0])
    return f"{which}.\n{how}." if how else f"{which}."


def measurement_view(panel: MeasurementPanel) -> MeasurementView | None:
    """What the box shows for a measurement (None when the panel is not about one)."""
    m = panel.measurement
    if m is None:
        return None
    pointing = pointing_text(m.pointing_error_px) if m.value_mm is not None else ""
    warnings = m.warnings + ((m.error,) if m.error else ())
    return MeasurementView(
        value=m.value_text,
        method=_method(m),
        pointing_error=pointing,
        warnings=warnings,
        comparisons=tuple(ComparisonView(c.consistent, c.sentence, c.citation)
                          for c in m.comparisons),
        no_comparison=m.comparison_note,
        features=panel.features,
    )
