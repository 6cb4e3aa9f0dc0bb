"""One way to find shipped resources (catalog, fonts, icons, basemap, schema).

In a source checkout they are the top-level ``resources/`` folder; an installed wheel
carries the same folder as the ``fragment_resources`` package; a frozen (PyInstaller) build
unpacks it next to the executable as ``resources/``.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_root() -> Path:
    """The folder that holds the shipped resources."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    top = Path(__file__).resolve().parents[2]
    if (top / "pyproject.toml").is_file() and (top / "resources").is_dir():
        return top / "resources"  # a source checkout (or an editable install of one)
    try:
        from importlib.resources import files

        return Path(str(files("fragment_resources")))
    except ModuleNotFoundError as exc:  # a broken install: say so plainly
        raise RuntimeError("Fragment's resources folder is missing from this install") from exc


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. ``resource_path("catalog", "catalog.json")``."""
    return resources_root().joinpath(*parts)
