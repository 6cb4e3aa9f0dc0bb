"""Every image of the dossier prints at 200 ppi or more, measured with ``pdfimages -list``."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from PIL import Image

from db.models import Photo
from desktop.core.casefile import CaseFile
from desktop.core.export.dossier import build_dossier
from desktop.core.queries.dossier import DossierOptions, dossier_data
from tests.unit.exportcase import make_export_case


def _ppi(pdf: Path) -> list[tuple[int, int]]:
    """(x-ppi, y-ppi) of every image drawn, as pdfimages measures them on the page."""
    rows = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True,
                          text=True).stdout.splitlines()[2:]
    return [(int(r.split()[12]), int(r.split()[13])) for r in rows]


def test_photos_and_crops_print_at_200_ppi_or_more(tmp_path: Path) -> None:
    case = make_export_case(tmp_path)
    try:
        pdf = build_dossier(dossier_data(case, DossierOptions(page_size="Letter")),
                            tmp_path / "d.pdf")
    finally:
        case.close()
    measured = _ppi(pdf)
    assert len(measured) >= 5  # two photos and their crops
    assert all(x >= 200 and y >= 200 for x, y in measured), measured


def test_a_small_photo_prints_smaller_and_says_why(tmp_path: Path) -> None:
    case = CaseFile.create(tmp_path / "Small", title="Small", investigator="Ana Lyst")
    small = tmp_path / "small.jpg"
    Image.new("RGB", (400, 300), (90, 100, 90)).save(small, "JPEG")
    sha = hashlib.sha256(small.read_bytes()).hexdigest()
    case.originals.put_file(small, sha, "jpg")
    try:
        with case.write_session() as session:
            session.add(Photo(sha256=sha, file_name="small.jpg", ext="jpg", format="JPEG",
                              byte_size=small.stat().st_size, width=400, height=300))
            case.audit(session, "test.setup", "case")
        pdf = build_dossier(dossier_data(case, DossierOptions()), tmp_path / "d.pdf")
    finally:
        case.close()
    assert all(x >= 200 and y >= 200 for x, y in _ppi(pdf))
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())
    assert "Printed at 200 ppi, smaller than the page allows: the original has only " \
           "400 × 300 pixels." in text
