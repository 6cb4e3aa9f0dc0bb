"""CSV export: annotations, claims and links, UTF-8, formula-safe."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.core.casefile import CaseFile
from desktop.core.export.csv_export import ANNOTATION_COLUMNS, write_csv
from desktop.core.queries.dossier import DossierData, dossier_data
from tests.unit.exportcase import STATEMENTS, TRANSCRIPTIONS, make_export_case


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> DossierData:
    case: CaseFile = make_export_case(tmp_path_factory.mktemp("csv"))
    try:
        return dossier_data(case)
    finally:
        case.close()


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_tables(data: DossierData, tmp_path: Path) -> None:
    paths = write_csv(data, tmp_path / "csv")
    assert [p.name for p in paths] == ["annotations.csv", "claims.csv", "links.csv",
                                       "photos.csv"]
    annotations = read(paths[0])
    assert list(annotations[0]) == list(ANNOTATION_COLUMNS)
    assert len(annotations) == data.annotation_count
    by_text = {row["transcription"]: row for row in annotations}
    index = by_text[TRANSCRIPTIONS[0]]
    assert index["catalog_code"] == "9M723" and index["confidence"] == "confirmed"
    assert index["shape"] == "rect" and len(index["photo_sha256"]) == 64
    assert "supports" in index["claims"]
    redaction = next(r for r in annotations if r["kind"] == "redaction")
    assert redaction["transcription"] == ""
    claims = read(paths[1])
    assert {row["statement"] for row in claims} == set(STATEMENTS.values())
    links = read(paths[2])
    assert {row["stance"] for row in links} == {"supports", "contradicts", "context"}


def test_cells_are_never_run_as_formulas(data: DossierData, tmp_path: Path) -> None:
    photo = data.photos[0]
    evil = [replace(photo.annotations[0], transcription='=HYPERLINK("http://x")'),
            replace(photo.annotations[0], transcription="-12"),
            replace(photo.annotations[0], transcription="@SUM(A1)")]
    changed = replace(data, photos=(replace(photo, annotations=tuple(evil)),))
    rows = read(write_csv(changed, tmp_path)[0])
    assert [r["transcription"] for r in rows] == ["'=HYPERLINK(\"http://x\")", "-12", "'@SUM(A1)"]


def test_a_minus_sign_starts_a_formula_unless_the_cell_is_a_number(data: DossierData,
                                                                    tmp_path: Path) -> None:
    photo = data.photos[0]
    texts = ["-1", "-0.5", "-2.5e3", "-1+1", "-1+2", "-cmd|' /C calc'!A0", "-", "--1",
             "-12 units", "+1", "\tx", "\r=1"]
    cells = [replace(photo.annotations[0], transcription=t) for t in texts]
    changed = replace(data, photos=(replace(photo, annotations=tuple(cells)),))
    rows = read(write_csv(changed, tmp_path)[0])
    assert [r["transcription"] for r in rows] == [
        "-1", "-0.5", "-2.5e3", "'-1+1", "'-1+2", "'-cmd|' /C calc'!A0", "'-", "'--1",
        "'-12 units", "'+1", "'\tx", "'\r=1"]


def test_control_characters_are_removed_from_cells(data: DossierData, tmp_path: Path) -> None:
    photo = data.photos[0]
    cell = replace(photo.annotations[0], transcription="9M\x00723\x1b[31m", notes="a\x0bb\tc\nd")
    changed = replace(data, photos=(replace(photo, annotations=(cell,)),))
    [row] = read(write_csv(changed, tmp_path)[0])
    assert (row["transcription"], row["notes"]) == ("9M723[31m", "ab\tc\nd")


def test_a_failed_table_leaves_none_of_the_tables(data: DossierData, tmp_path: Path) -> None:
    """The three tables are written all or nothing."""
    from desktop.core.export.atomic import ExportError

    out = tmp_path / "csv"
    (out / "links.csv").mkdir(parents=True)  # a folder where a table must go: rename fails
    with pytest.raises(ExportError):
        write_csv(data, out)
    assert sorted(p.name for p in out.iterdir()) == ["links.csv"]  # no table, no temporary
