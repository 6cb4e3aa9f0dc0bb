""""Suggest reading": run the optional OCR extra on an annotation's crop in a worker and
offer its candidates as buttons; choosing one sets the transcription (one undo step).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.casefile import CaseFile
from desktop.core.imaging import open_display_image
from desktop.core.shape_geometry import bounds as shape_bounds
from desktop.qt.context import AppContext
from desktop.qt.jobs import Job, JobControl, JobRunner


def ocr_installed() -> bool:
    """Cheap check (no import of the engine) that the OCR extra is installed."""
    from desktop.core.ocr import ocr_installed as installed

    return installed()


def read_crop(_control: JobControl, case: CaseFile, sha256: str, ext: str,
              bbox: tuple[float, float, float, float],
              adjustments: dict[str, Any] | None = None) -> list[str]:
    """OCR candidates for the region ``bbox`` (x, y, w, h) of a photo (runs in a worker)."""
    from desktop.core import ocr

    image = open_display_image(case.originals.path_for(sha256, ext))
    candidates = ocr.suggest_readings_in_region(image, bbox, adjustments=adjustments)
    texts: list[str] = []
    for c in candidates:
        text = str(getattr(c, "text", c)).strip()
        if text and text not in texts:
            texts.append(text)
    return texts


class ReadingSuggester(QWidget):
    """A "Suggest reading" button and the candidate readings it found."""

    #: the user picked this reading
    chosen = Signal(str)

    def __init__(self, ctx: AppContext, jobs: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = jobs
        self.annotation: Any = None
        self._job: Job | None = None
        #: returns the viewer's current adjustments, which help OCR on faded stencils
        self.current_adjustments: Callable[[], dict[str, Any]] = dict
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton(self.tr("Suggest reading (OCR)"), self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.candidates = QHBoxLayout()
        layout.addWidget(self.button)
        layout.addWidget(self.status)
        layout.addLayout(self.candidates)
        self.available = ocr_installed()
        if not self.available and getattr(sys, "frozen", False):
            # An installer build without OCR: no button that asks the user to run pip.
            self.button.hide()
        elif not self.available:
            self.button.setToolTip(self.tr("Install the OCR extra (fragment[ocr]) to get "
                                           "suggested readings."))
        self.button.clicked.connect(self.run)

    def set_annotation(self, annotation: Any) -> None:
        """Follow the inspector's annotation; clears earlier suggestions."""
        if annotation is None or self.annotation is None or annotation.id != self.annotation.id:
            self._clear()
            self.status.clear()
        self.annotation = annotation
        self.button.setEnabled(self.available and annotation is not None
                               and annotation.shape_type in ("rect", "polygon"))
        # a measurement's reading names what was measured: there is nothing to read
        self.setVisible(annotation is None or annotation.kind != "measurement")

    def _clear(self) -> None:
        while self.candidates.count():
            item = self.candidates.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def run(self) -> None:
        """Start OCR on the annotation's region in a worker."""
        a, case = self.annotation, self.ctx.case
        if a is None or case is None or not self.available or self._job is not None:
            return
        from desktop.core.queries.photos import get_photo

        photo = case.read(get_photo, a.photo_id)
        if photo is None:
            return
        self._clear()
        self.status.setText(self.tr("Reading…"))
        left, top, right, bottom = shape_bounds(a.shape_type, a.geometry)
        job = Job(read_crop, case, photo.sha256, photo.ext, (left, top, right - left,
                                                             bottom - top),
                  self.current_adjustments())
        job.signals.result.connect(self._show)
        job.signals.error.connect(lambda msg, _tb: self.status.setText(msg))
        job.signals.finished.connect(lambda: setattr(self, "_job", None))
        self._job = self.jobs.start(job)

    def _show(self, texts: list[str]) -> None:
        self._clear()
        if not texts:
            self.status.setText(self.tr("No text found in this region."))
            return
        label = getattr(self.annotation, "label", "") or self.tr("this annotation")
        self.status.setText(self.tr(
            "OCR read this text in {label}; click one to use it as the reading (you can "
            "still correct it, and undo):").format(label=label))
        for text in texts[:4]:
            button = QPushButton(text, self)
            tip = self.tr("Use “{text}” as the reading of {label}").format(text=text,
                                                                          label=label)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.clicked.connect(lambda _=False, t=text: self.chosen.emit(t))
            self.candidates.addWidget(button)
