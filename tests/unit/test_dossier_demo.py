"""The demo case's dossier tells the whole Shusha story (built through the real core verbs)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdf
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
    assert len(pypdf.PdfReader(result.path).pages) >= 8
