"""The Export dialog's background work: the same core export functions the CLI calls.

``run_export`` runs in a ``desktop.qt.jobs.Job``. It writes the chosen outputs one after the
other and returns an ``ExportOutcome`` saying what was written, the dossier's SHA-256, and,
if an output failed or the user cancelled, which one and why. Every core writer works on a
temporary file and renames it at the end, so a cancelled or failed output leaves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from desktop.core.casefile import CaseFile
from desktop.core.errors import FragmentError
from desktop.core.export.atomic import copy_file_atomically
from desktop.core.export.bag import build_bag
from desktop.core.export.service import (
    DossierResult,
    export_csv,
    export_dossier,
    export_geojson,
    export_kml,
    whole_case_data,
)
from desktop.core.queries.dossier import DossierData, DossierOptions
from desktop.qt.jobs import JobControl

OutputKind = Literal["pdf", "geojson", "kml", "csv", "bag"]
OUTPUT_KINDS: tuple[OutputKind, ...] = ("pdf", "geojson", "kml", "csv", "bag")

#: progress units per output, so the bar moves evenly across several outputs
_UNITS = 100
#: the messages ``build_bag`` reports, in order (used to place its progress on the bar)
_BAG_STEPS = ("verifying the case", "building the dossier", "copying the database",
              "copying the originals", "writing the interchange document",
              "hashing (SHA-256 and SHA-512)", "validating")


class ExportCancelled(Exception):
    """Raised from a progress callback to stop a core writer (it then removes its temp file)."""


@dataclass(frozen=True)
class ExportRequest:
    """What to write, where. A ``None`` path means that output is not wanted."""

    options: DossierOptions
    contact: str = ""
    """The investigator a bag names as its contact."""
    pdf: Path | None = None
    geojson: Path | None = None
    kml: Path | None = None
    csv: Path | None = None
    bag: Path | None = None

    def outputs(self) -> list[tuple[OutputKind, Path]]:
        """The wanted outputs in the order they are written.

        With a bag, the PDF is the bag's own dossier (the one its log records), so the bag
        is written first and the PDF copied from it.
        """
        order = ("bag", "pdf", "geojson", "kml", "csv") if self.bag else OUTPUT_KINDS
        return [(kind, path) for kind in order if (path := getattr(self, kind)) is not None]


@dataclass(frozen=True)
class ExportOutcome:
    """What happened: outputs written, the dossier result, and the failure if any."""

    written: tuple[tuple[OutputKind, Path], ...] = ()
    dossier: DossierResult | None = None
    bag_files: int = 0
    failed: OutputKind | None = None
    error: str = ""
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        """True when every requested output was written."""
        return not self.error and not self.cancelled


def run_export(control: JobControl, case: CaseFile, request: ExportRequest) -> ExportOutcome:
    """The worker body: write each requested output, stop at the first failure or cancel."""
    outputs = request.outputs()
    total = len(outputs) * _UNITS
    written: list[tuple[OutputKind, Path]] = []
    dossier: DossierResult | None = None
    bag_dossier: DossierResult | None = None
    bag_files = 0
    whole_case: DossierData | None = None
    current: OutputKind | None = None

    try:
        for index, (kind, path) in enumerate(outputs):
            current = kind
            base = index * _UNITS
            _check(control)
            control.progress(base, total, kind)

            step = _stepper(control, base, total, kind)
            if kind == "pdf" and bag_dossier is not None:
                copy_file_atomically(bag_dossier.path, path)
                dossier = replace(bag_dossier, path=path)
            elif kind == "pdf":
                dossier = export_dossier(case, path, request.options, progress=step)
            elif kind == "bag":
                bag = build_bag(case, path, contact=request.contact, options=request.options,
                                progress=_bag_progress(step))
                bag_files, bag_dossier = bag.files, bag.dossier
            else:
                # like the CLI: the location and table exports always cover the whole case
                if whole_case is None:
                    whole_case = whole_case_data(case)
                writer = {"geojson": export_geojson, "kml": export_kml,
                          "csv": export_csv}[kind]
                writer(case, path, whole_case)
            written.append((kind, path))
            control.progress(base + _UNITS, total, kind)
    except ExportCancelled:
        return ExportOutcome(tuple(written), dossier, bag_files, current, cancelled=True)
    except FragmentError as exc:
        return ExportOutcome(tuple(written), dossier, bag_files, current, error=str(exc))
    return ExportOutcome(tuple(written), dossier, bag_files)


def _check(control: JobControl) -> None:
    if control.cancelled():
        raise ExportCancelled


def _stepper(control: JobControl, base: int, total: int,
             kind: OutputKind) -> Callable[[int, int, str], None]:
    """A core ``progress(done, steps, message)`` callback mapped onto this output's share."""
    def step(done: int, steps: int, _message: str) -> None:
        # never stop once the last step is reported: the file is in place by then
        if done < steps:
            _check(control)
        control.progress(base + _UNITS * done // max(steps, 1), total, kind)
    return step


def _bag_progress(step: Callable[[int, int, str], None]) -> Callable[[str], None]:
    """``build_bag`` reports messages only; place them on the bar by their order."""
    def say(message: str) -> None:
        done = _BAG_STEPS.index(message) if message in _BAG_STEPS else 0
        step(done, len(_BAG_STEPS), message)
    return say
