"""What the Export dialog remembers between uses, in the ``export`` group of QSettings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from desktop.qt.dialogs.export_job import OUTPUT_KINDS, ExportRequest, OutputKind

SETTINGS_GROUP = "export"


@dataclass(frozen=True)
class ExportChoices:
    """The last export's folder, ticked outputs and dossier options."""

    folder: Path | None = None
    outputs: tuple[OutputKind, ...] = ("pdf",)
    audit: str = "full"
    page_size: str = "A4"
    language: str = "en"


def load_choices() -> ExportChoices:
    """The remembered choices; defaults for anything missing or no longer valid."""
    settings = QSettings()
    settings.beginGroup(SETTINGS_GROUP)
    try:
        folder = str(settings.value("folder", "") or "")
        stored = settings.value("outputs", None)
        if stored is None:
            outputs = ExportChoices.outputs
        else:
            # a one-item list comes back from an INI file as a plain string
            items = [stored] if isinstance(stored, str) else (
                list(stored) if isinstance(stored, list) else [])
            outputs = tuple(kind for kind in OUTPUT_KINDS if kind in items)
        return ExportChoices(
            folder=Path(folder) if folder and Path(folder).is_dir() else None,
            outputs=outputs,
            audit=str(settings.value("audit", "full")),
            page_size=str(settings.value("page_size", "A4")),
            language=str(settings.value("language", "en")),
        )
    finally:
        settings.endGroup()


def save_choices(request: ExportRequest) -> None:
    """Remember the folder of the first output, the outputs ticked and the options."""
    settings = QSettings()
    settings.beginGroup(SETTINGS_GROUP)
    outputs = request.outputs()
    if outputs:
        settings.setValue("folder", str(outputs[0][1].parent))
    settings.setValue("outputs", [kind for kind, _ in outputs])
    settings.setValue("audit", request.options.audit)
    settings.setValue("page_size", request.options.page_size)
    settings.setValue("language", request.options.language)
    settings.endGroup()


def default_names(stem: str) -> dict[OutputKind, str]:
    """File and folder names suggested for a case folder named ``stem``."""
    return {"pdf": f"{stem}-dossier.pdf", "geojson": f"{stem}-locations.geojson",
            "kml": f"{stem}-locations.kml", "csv": f"{stem}-tables", "bag": f"{stem}-bag"}
