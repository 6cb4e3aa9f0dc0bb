"""The dossier's "Checks" section, read back from the real PDF: what was checked, against
what and when, the findings with their reviews and limits, and a selection that names no
photo left out."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image, ImageDraw

from desktop.core.casefile import CaseFile
from desktop.core.checks.references import add_reference
from desktop.core.checks.run import run_checks
from desktop.core.export.blocks import fmt_date
from desktop.core.export.dossier import build_dossier
from desktop.core.export.service import export_dossier
from desktop.core.ingest import import_paths
from desktop.core.ops.checks import review_finding
from desktop.core.queries.checks import checks_overview, findings
from desktop.core.queries.dossier import DossierOptions, dossier_data

NIKON = "jpg/gps/DSCN0010.jpg"


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", out)


def _case(new_case: CaseFile, corpus: Path, tmp_path: Path) -> dict[str, int]:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(corpus / NIKON, folder / "a_camera.jpg")
    original = Image.open(corpus / NIKON)
    edited = original.convert("RGB")
    ImageDraw.Draw(edited).rectangle((0, 0, 400, 480), fill=(10, 10, 10))
    edited.save(folder / "b_edited.jpg", "JPEG", exif=original.info["exif"])
    small = original.convert("RGB").resize((320, 240))
    small.save(folder / "c_resized.jpg", "JPEG", quality=70)
    report = import_paths(new_case, [folder])
    refs = tmp_path / "archive"
    refs.mkdir()
    shutil.copy(corpus / NIKON, refs / "published_2008.jpg")
    add_reference(new_case, refs, name="Archive 2008")
    run_checks(new_case)
    return {Path(r.path).name: int(r.photo_id or 0) for r in report.results}


def test_checks_section_says_what_against_what_when_and_the_limits(
        new_case: CaseFile, corpus: Path, tmp_path: Path) -> None:
    ids = _case(new_case, corpus, tmp_path)
    thumb = next(r for r in new_case.read(findings) if r.kind == "thumbnail_mismatch")
    assert thumb.photo_id == ids["b_edited.jpg"]
    review_finding(new_case, thumb.id, {"reviewed": True,
                                        "review_note": "Redaction by the source agency"})
    pdf = build_dossier(dossier_data(new_case), tmp_path / "d.pdf")
    text = _text(pdf)
    section = text[text.rindex("Verification checks"):]
    assert "Findings last updated" in section and "by Tester" in section
    assert "3 of 3 photos hashed; 0 carry content credentials" in section
    assert "Archive 2008 (folder, 1 images" in section
    assert "Limits: a finding is a question for the investigator" in section
    assert "The EXIF thumbnail does not match the image" in section
    assert "reviewed: Redaction by the source agency" in section
    assert "Looks like published_2008.jpg in the reference collection" in section
    assert "Sun at capture" in section and "azimuth" in section
    assert "No content credentials" not in section  # said once in the coverage line


def test_a_selection_keeps_its_own_findings_and_names_no_photo_left_out(
        new_case: CaseFile, corpus: Path, tmp_path: Path) -> None:
    ids = _case(new_case, corpus, tmp_path)
    chosen = (ids["a_camera.jpg"], ids["c_resized.jpg"])
    data = dossier_data(new_case, DossierOptions(photo_ids=chosen))
    assert data.checks is not None
    assert {r.photo_id for r in data.checks.findings} <= set(chosen)
    left_out = f"P{ids['b_edited.jpg']}"
    for row in data.checks.findings:
        assert left_out not in row.explanation
    dup = next(r for r in data.checks.findings
               if r.kind == "near_duplicate" and r.photo_id == ids["a_camera.jpg"])
    assert dup.explanation.startswith(f"Looks like P{ids['c_resized.jpg']} (")
    text = _text(build_dossier(data, tmp_path / "sel.pdf"))
    assert "2 of 2 photos hashed" in text and "thumbnail does not match" not in text


def test_an_export_brings_the_findings_up_to_date_first(
        new_case: CaseFile, corpus: Path, tmp_path: Path) -> None:
    """Issue 15: the dossier's "last updated" is the export's own run, and a finding that
    a change since the last run makes (a new near-duplicate) is in it."""
    _case(new_case, corpus, tmp_path)
    before = new_case.read(checks_overview).last_run
    later = tmp_path / "later"
    later.mkdir()
    Image.open(corpus / NIKON).convert("RGB").resize((400, 300)).save(
        later / "d_copy.jpg", "JPEG", quality=60)
    import_paths(new_case, [later])  # no run of the checks after this import
    assert not any("d_copy" in r.photo_file for r in new_case.read(findings))
    start = datetime.now(UTC).replace(microsecond=0)
    result = export_dossier(new_case, tmp_path / "export.pdf")
    overview = new_case.read(checks_overview)
    assert before is not None and overview.last_run is not None
    assert overview.last_run >= start
    assert any(r.photo_file == "d_copy.jpg" and r.kind == "near_duplicate"
               for r in overview.findings)
    text = _text(result.path)
    section = text[text.rindex("Verification checks"):]
    stamp = fmt_date(overview.last_run, with_time=True)
    assert f"Findings last updated {stamp}" in section
    assert "4 of 4 photos hashed" in section
