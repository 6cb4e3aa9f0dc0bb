"""View adjustments for reading faded or rusty stencils; the original is never touched.

Brightness, contrast, gamma, sharpen (sliders), grayscale, invert, auto-levels (check
boxes). Changes show at once on the preview, the full-resolution image follows from a
worker, and after a short pause the values are saved for the photo as one undoable step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from desktop.core.adjustments import describe_adjustments, normalize_adjustments
from desktop.qt.canvas.controller import CanvasController
from desktop.qt.context import AppContext

GAMMA_SCALE = 100  # the gamma slider works in hundredths


class AdjustmentsPanel(QWidget):
    """Sliders and switches bound to the viewer's current photo."""

    def __init__(self, ctx: AppContext, controller: CanvasController,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.controller = controller
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.sliders: dict[str, QSlider] = {}
        self.values: dict[str, QLabel] = {}
        for key, label, lo, hi in (
            ("brightness", self.tr("Brightness"), -100, 100),
            ("contrast", self.tr("Contrast"), -100, 100),
            ("gamma", self.tr("Gamma"), 20, 500),
            ("sharpen", self.tr("Sharpen"), 0, 100),
        ):
            slider = QSlider(Qt.Orientation.Horizontal, self)
            slider.setRange(lo, hi)
            slider.setObjectName(f"adjust.{key}")
            slider.setAccessibleName(label)
            value = QLabel(self)
            value.setMinimumWidth(36)
            row = QHBoxLayout()
            row.addWidget(slider, 1)
            row.addWidget(value)
            form.addRow(label, row)
            slider.valueChanged.connect(self._changed)
            self.sliders[key] = slider
            self.values[key] = value
        layout.addLayout(form)
        self.checks: dict[str, QCheckBox] = {}
        for key, label in (("grayscale", self.tr("Grayscale")), ("invert", self.tr("Invert")),
                           ("autolevels", self.tr("Auto levels (stretch histogram)"))):
            box = QCheckBox(label, self)
            box.setObjectName(f"adjust.{key}")
            box.toggled.connect(self._changed)
            layout.addWidget(box)
            self.checks[key] = box
        self.reset_button = QPushButton(self.tr("Reset"), self)
        self.reset_button.clicked.connect(self.reset)
        layout.addWidget(self.reset_button)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        note = QLabel(self.tr("Adjustments change only what is shown; the original photo "
                              "is never modified. They are remembered for each photo."), self)
        note.setWordWrap(True)
        note.setEnabled(False)
        layout.addWidget(note)
        layout.addStretch(1)
        controller.adjustments_changed.connect(self.show_values)
        controller.photo_changed.connect(lambda info: self.setEnabled(info is not None))
        self.show_values(controller.adjustments)
        self.setEnabled(False)

    def current(self) -> dict[str, Any]:
        """The values shown by the widgets."""
        values: dict[str, Any] = {k: s.value() for k, s in self.sliders.items()}
        values["gamma"] = self.sliders["gamma"].value() / GAMMA_SCALE
        values.update({k: b.isChecked() for k, b in self.checks.items()})
        return normalize_adjustments(values)

    def show_values(self, adjustments: dict[str, Any]) -> None:
        """Set the widgets from ``adjustments`` without echoing back."""
        adj = normalize_adjustments(adjustments)
        blockers = [QSignalBlocker(w) for w in (*self.sliders.values(), *self.checks.values())]
        for key, slider in self.sliders.items():
            slider.setValue(round(adj[key] * GAMMA_SCALE) if key == "gamma" else int(adj[key]))
        for key, box in self.checks.items():
            box.setChecked(bool(adj[key]))
        del blockers
        self._update_labels(adj)

    def _update_labels(self, adj: dict[str, Any]) -> None:
        for key, label in self.values.items():
            label.setText(f"{adj[key]:.2f}" if key == "gamma" else str(adj[key]))
        text = describe_adjustments(adj)
        self.summary.setText(self.tr("Applied: {0}").format(text))

    def _changed(self, *_args: object) -> None:
        adj = self.current()
        self._update_labels(adj)
        self.controller.set_adjustments(adj)

    def reset(self) -> None:
        """Back to the photo as it is."""
        self.show_values(normalize_adjustments(None))
        self.controller.set_adjustments(normalize_adjustments(None))
