"""Each photo's page in the dossier says where the photo came from (EN and FR)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from desktop.core.casefile import CaseFile
from desktop.core.demo.photos import draw_debris_photo
from desktop.core.export.dossier import build_dossier
from desktop.core.ingest import import_paths
from desktop.core.ops.photos import set_photo_provenance
from desktop.core.ops.sources import create_source
from desktop.core.queries.dossier import DossierOptions, dossier_data


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _pages_of(text: str, name: str) -> str:
    """The text of the photo section headed by ``name`` (to the next photo heading)."""
    pages = text.split("\f")
    start = next(i for i, page in enumerate(pages) if f"— {name}" in page
                 and "SHA-256" in page)
    return pages[start]


def _case(new_case: CaseFile, tmp_path: Path) -> CaseFile:
    folder = tmp_path / "in"
    folder.mkdir()
    paths = [draw_debris_photo(folder / name, code="9M723", lot=None, ruler=False, lat=39.76,
                               lon=46.74, taken="2021:03:15 11:42:07", seed=seed,
                               size=(480, 360)).path
             for name, seed in (("known.jpg", 1), ("unknown.jpg", 2))]
    known, _ = (r.photo_id for r in import_paths(new_case, paths).results)
    assert known is not None
    source, _ = create_source(new_case, title="Débris <Iskander> & Choucha")
    set_photo_provenance(new_case, photo_id=known, taken_by="ANAMA deminer",
                         provided_by="ANAMA press office", acquisition="received",
                         original_url="https://anama.gov.az/news/1?a=1&b=2",
                         obtained_at="2021-03-19T15:30:00+04:00", source_id=source)
    return new_case


def test_photo_pages_print_provenance_in_english(new_case: CaseFile, tmp_path: Path) -> None:
    case = _case(new_case, tmp_path)
    pdf = build_dossier(dossier_data(case, DossierOptions()), tmp_path / "en.pdf")
    text = _text(pdf)
    known = _pages_of(text, "known.jpg")
    for expected in ("Provenance", "Taken by ANAMA deminer",
                     "Provided by ANAMA press office", "How obtained received from someone",
                     "Original URL https://anama.gov.az/news/1?a=1&b=2",
                     "Obtained at 2021-03-19 11:30:00 UTC",
                     "Source S1 — Débris <Iskander> & Choucha"):
        assert expected in known, expected
    unknown = _pages_of(text, "unknown.jpg")
    for name in ("Taken by", "Provided by", "How obtained", "Original URL", "Obtained at",
                 "Source"):
        assert f"{name} not recorded" in unknown, name


def test_photo_pages_print_provenance_in_french(new_case: CaseFile, tmp_path: Path) -> None:
    case = _case(new_case, tmp_path)
    pdf = build_dossier(dossier_data(case, DossierOptions(language="fr")), tmp_path / "fr.pdf")
    text = re.sub(r"[ \u202f]+", " ", _text(pdf))
    known = _pages_of(text, "known.jpg")
    for expected in ("Prise par ANAMA deminer", "Fournie par ANAMA press office",
                     "Mode d'obtention reçue d'un tiers", "Obtenue le 2021-03-19 11:30:00 UTC",
                     "Source S1 — Débris <Iskander> & Choucha"):
        assert expected in known, expected
    assert "Prise par non renseigné" in _pages_of(text, "unknown.jpg")
