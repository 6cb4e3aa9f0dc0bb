"""The Inspector's part for measurements and scale references.

For a measurement: its value ± standard uncertainty, how it was obtained (which
reference, its reading, the pointing error), what the figure cannot include (warnings, in
plain words), and the comparison with the catalog's published figures (consistent or not,
the figure, its source as a link); plus a list to pick what was measured from the
catalog's features of the munitions the photo's markings match. For a scale reference
whose reading does not parse: one sentence saying what to type.

The rows go into the Inspector's own form (so their labels line up with Kind and
Reading) and only show what they are given (``MeasurementView``); the Inspector builds
that from the core's measurement query.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

_URL = re.compile(r"https?://[^\s,;)]+")


@dataclass(frozen=True)
class ComparisonView:
    """One comparison with a published figure."""

    consistent: bool
    sentence: str
    citation: str


@dataclass(frozen=True)
class MeasurementView:
    """What the box shows about one measurement."""

    value: str
    method: str
    pointing_error: str = ""
    warnings: tuple[str, ...] = ()
    comparisons: tuple[ComparisonView, ...] = ()
    no_comparison: str = ""
    """Why there is no comparison ("" when there are comparisons or nothing to say)."""
    features: tuple[str, ...] = field(default=())
    """What the reading can be picked from ("9M723 body diameter", "body diameter")."""


def citation_html(citation: str) -> str:
    """A citation with its web address made a link (everything else escaped)."""
    out, last = [], 0
    for match in _URL.finditer(citation):
        out.append(html.escape(citation[last:match.start()]))
        url = match.group(0)
        out.append(f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>')
        last = match.end()
    out.append(html.escape(citation[last:]))
    return "".join(out)


def _label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.LinksAccessibleByMouse)
    return label


class MeasurementBox(QObject):
    """Value, method, warnings and catalog comparison of the selected measurement, as rows
    of ``form`` (hidden while the annotation is not a measurement or a scale reference)."""

    #: a feature was picked from the list: the text to use as the reading
    feature_chosen = Signal(str)

    def __init__(self, parent: QWidget, form: QFormLayout) -> None:
        super().__init__(parent)
        self.form = form
        self.feature_box = QComboBox(parent)
        self.feature_box.setObjectName("inspector.feature")
        self.feature_box.setAccessibleName(self.tr("What was measured"))
        self.feature_box.setToolTip(self.tr("Pick what was measured from the catalog's "
                                            "published dimensions of the munitions this "
                                            "photo's markings match"))
        self.form.addRow(self.tr("Feature"), self.feature_box)
        self.value = _label(parent, "measurement.value")
        font = self.value.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.value.setFont(font)
        self.form.addRow(self.tr("Value"), self.value)
        self.method = _label(parent, "measurement.method")
        self.form.addRow(self.tr("Method"), self.method)
        self.pointing = _label(parent, "measurement.pointing")
        self.form.addRow(self.tr("Pointing error"), self.pointing)
        self.warnings = _label(parent, "measurement.warnings")
        self.form.addRow(self.tr("Caveats"), self.warnings)
        self.comparison = _label(parent, "measurement.comparison")
        self.comparison.setTextFormat(Qt.TextFormat.RichText)
        self.comparison.setOpenExternalLinks(True)
        self.form.addRow(self.tr("Catalog"), self.comparison)
        self.reference_hint = _label(parent, "measurement.reference_hint")
        self.reference_hint.setStyleSheet("color: #8a4b00;")
        self.form.addRow(self.reference_hint)
        self.feature_box.activated.connect(self._feature_activated)
        self.show_reference_hint("")

    def _feature_activated(self, index: int) -> None:
        text = self.feature_box.itemData(index)
        if text:
            self.feature_chosen.emit(str(text))

    def _row(self, widget: QWidget, visible: bool) -> None:
        self.form.setRowVisible(widget, visible)

    def show_measurement(self, view: MeasurementView, reading: str, *,
                         reference: bool = False) -> None:
        """Show a measurement (``reading``: its current reading, selected in the list), or
        with ``reference`` a usable scale reference (its size; nothing to pick)."""
        self._row(self.reference_hint, False)
        self._fill_features(view.features, reading)
        self._row(self.feature_box, not reference)
        self.value.setText(view.value)
        self._row(self.value, True)
        self.method.setText(view.method)
        self._row(self.method, bool(view.method))
        self.pointing.setText(view.pointing_error)
        self._row(self.pointing, bool(view.pointing_error))
        self.warnings.setText("\n".join(f"• {w}" for w in view.warnings))
        self._row(self.warnings, bool(view.warnings))
        parts = []
        for c in view.comparisons:
            mark = "✓" if c.consistent else "✗"
            colour = "#1b5e20" if c.consistent else "#b00020"
            source = f"<br><small>{citation_html(c.citation)}</small>" if c.citation else ""
            parts.append(f'<span style="color:{colour}"><b>{mark}</b></span> '
                         f"{html.escape(c.sentence)}{source}")
        if not parts and view.no_comparison:
            parts.append(html.escape(view.no_comparison))
        self.comparison.setText("<br>".join(parts))
        self._row(self.comparison, bool(parts))
        # The form keeps the row heights its wrapped labels had for the previous texts
        # (a long method was cut short after a scale reference was shown): measure them
        # again once the new texts are laid out.
        QTimer.singleShot(0, self.form.invalidate)

    def show_reference_hint(self, sentence: str) -> None:
        """A scale reference: only the sentence about its reading (none: no rows at all)."""
        for widget in (self.feature_box, self.value, self.method, self.pointing,
                       self.warnings, self.comparison):
            self._row(widget, False)
        self.reference_hint.setText(sentence)
        self._row(self.reference_hint, bool(sentence))

    def _fill_features(self, features: Sequence[str], reading: str) -> None:
        self.feature_box.blockSignals(True)
        self.feature_box.clear()
        self.feature_box.addItem(self.tr("Pick what was measured…"), "")
        for text in features:
            self.feature_box.addItem(text, text)
        found = self.feature_box.findData(reading) if reading else -1
        self.feature_box.setCurrentIndex(max(found, 0))
        self.feature_box.blockSignals(False)
