"""Temporaries left by a killed export or import-bag, removed when a case is next opened
for writing (not only by the next run to the same place).

Exports and bags write through ``desktop.core.atomic``: a hidden ``.<name>.<pid>-<random>.part``
file or folder beside the target, renamed into place at the end, with a lock file
(``….part.lock``) its writer holds meanwhile (``desktop.core.writer_lock``). A process
killed before the rename leaves both behind, and the system releases its lock. The case
remembers where its exports went, in the user's settings folder (machine paths, so never
in the case or its audit log, which travel); on opening the case for writing, those
targets (when folders), the folders holding them, the case folder and the folder that
holds it are swept for temporaries whose lock can be taken (their writer is gone), on
every platform.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

from desktop.core.atomic import atomic_file, remove_stale_temporaries
from desktop.core.settings import config_dir

_FILE = "export-targets.json"
_KEEP = 20  # targets remembered per case
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{16}\.part(?:\.lock)?$")


def _key(case_root: Path) -> str:
    return str(case_root.expanduser().resolve())


def _load() -> dict[str, list[str]]:
    try:
        data = json.loads((config_dir() / _FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: [p for p in v if isinstance(p, str)] for k, v in data.items()
            if isinstance(k, str) and isinstance(v, list)}


def export_targets(case_root: Path) -> list[Path]:
    """The export targets remembered for the case at ``case_root``, newest first."""
    return [Path(p) for p in _load().get(_key(case_root), [])]


def remember_target(case_root: Path, target: Path) -> None:
    """Remember ``target`` as one of the case's recent export targets (best effort: a
    settings folder that cannot be written only means no sweep there later)."""
    try:
        data = _load()
        key = _key(case_root)
        where = str(target.expanduser().resolve())
        data[key] = [where, *(p for p in data.get(key, []) if p != where)][:_KEEP]
        folder = config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_file(folder / _FILE) as tmp:
            tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    except OSError as exc:
        logging.getLogger(__name__).info("could not remember the export target: %s", exc)


def sweep(case_root: Path) -> list[Path]:
    """Remove temporaries left by killed exports and imports of bags: beside the case, in
    it, and beside each remembered export target; returns what was removed."""
    folders = {case_root, case_root.parent}
    for target in export_targets(case_root):  # a CSV export writes inside its folder
        folders |= {target.parent, target} if target.is_dir() else {target.parent}
    removed: list[Path] = []
    for folder in sorted(folders):
        removed += _sweep_folder(folder)
    if removed:
        logging.getLogger(__name__).info(
            "removed %d temporary file(s) or folder(s) left by an interrupted export or "
            "import: %s", len(removed), ", ".join(p.name for p in removed))
    return removed


def _sweep_folder(folder: Path) -> list[Path]:
    try:
        names = {m.group("name") for entry in os.scandir(folder)
                 if (m := _TEMPORARY.match(entry.name))}
    except OSError:
        return []
    removed: list[Path] = []
    for name in sorted(names):
        removed += remove_stale_temporaries(folder / name)
    return removed
