"""The demo case's dossier tells the whole Shusha story (built through the real core verbs)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Annotation, Claim, Location, Photo
from desktop.core.demo import build_demo_case
from desktop.core.export.service import export_dossier
from desktop.core.geo_format import format_decimal


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.slow
def test_demo_dossier_has_every_claim_reading_coordinate_and_hash(tmp_path: Path) -> None:
    case = build_demo_case(tmp_path / "Shusha", investigator="Reader")
    try:
        result = export_dossier(case, tmp_path / "demo.pdf")
        with case.read_session() as session:
            statements = list(session.scalars(select(Claim.statement)))
            readings = [t for t in session.scalars(select(Annotation.transcription)) if t]
            hashes = list(session.scalars(select(Photo.sha256)))
            points = [(loc.lat, loc.lon) for loc in session.scalars(select(Location))]
    finally:
        case.close()
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(result.path), "-"], check=True,
                          capture_output=True, text=True).stdout
    flat = squash(text)
    assert statements and readings and hashes and points
    for value in statements + readings + hashes:
        assert squash(value) in flat, value
    for lat, lon in points:
        assert squash(format_decimal(lat, lon)) in flat
    assert "9M723" in text and "Iskander" in text
    pages = text.split("\f")[:-1]  # pdftotext ends every page with a form feed
    assert len(pages) >= 8
    # No page holds only its running header and footer (a full page followed by a chapter
    # break once left one blank); a camera position is explained, not dumped as EXIF tags.
    header_footer = 16
    thin = [i + 1 for i, page in enumerate(pages) if len(page.split()) <= header_footer]
    assert thin == [], f"pages with nothing but header and footer: {thin}"
    assert "GPSLatitude" not in text and "EXIF" in text
    # every photo page says where the photo came from
    assert text.count("Provided by ANAMA press office") == len(hashes)
    assert text.count("Obtained at 2021-03-19 11:30:00 UTC") == len(hashes)


def test_a_photo_left_out_leaves_no_trace(tmp_path: Path) -> None:
    """Choosing photos drops the others' sections and their camera positions too."""
    from desktop.core.export.dossier import build_dossier
    from desktop.core.queries.dossier import DossierOptions, dossier_data

    case = build_demo_case(tmp_path / "Shusha", investigator="Reader")
    try:
        with case.read_session() as session:
            photos = list(session.execute(select(Photo.id, Photo.file_name, Photo.sha256)))
        kept, *left_out = photos
        data = dossier_data(case, DossierOptions(photo_ids=(kept.id,)))
        pdf = build_dossier(data, tmp_path / "one.pdf")
    finally:
        case.close()
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert kept.file_name in text
    assert all(loc.photo_label for loc in data.locations if "Camera" in loc.name)
    for photo in left_out:
        assert photo.file_name not in text and photo.sha256 not in squash(text)
