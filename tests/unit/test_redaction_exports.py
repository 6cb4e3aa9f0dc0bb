"""What a redaction covers never leaves the case in an export, except in the bag's archive.

The export case has a redaction (notes "A deminer's face.") that covers part of annotation
4, whose reading (9М729, a catalog code), notes and link note are secrets. Annotation 1
(9М723) lies outside the box and must still be exported in full.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pypdf
import pytest

from desktop.cli import run_cli
from desktop.core.casefile import CaseFile
from desktop.core.export.bag import build_bag
from desktop.core.export.csv_export import write_csv
from desktop.core.export.dossier import build_dossier
from desktop.core.export.geojson import write_geojson
from desktop.core.export.images import crop_box, job_for
from desktop.core.export.kml import write_kml
from desktop.core.queries.dossier import DossierData, DossierOptions, dossier_data
from desktop.core.queries.redactions import withheld_summary
from tests.unit.exportcase import (
    REDACTION_NOTES,
    SECRET_LINK_NOTE,
    SECRET_NOTES,
    SECRET_READING,
    SECRETS,
    STATEMENTS,
    TRANSCRIPTIONS,
    make_export_case,
)

VISIBLE = TRANSCRIPTIONS[0]  # 9М723, outside the redaction


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> CaseFile:
    case = make_export_case(tmp_path_factory.mktemp("redaction"))
    yield case
    case.close()


@pytest.fixture(scope="module")
def data(case: CaseFile) -> DossierData:
    return dossier_data(case, DossierOptions())


def assert_no_secret(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked into {where}"


def pdf_texts(path: Path) -> list[str]:
    """Everything a reader or a tool can get out of the PDF as text."""
    reader = pypdf.PdfReader(path)
    by_pypdf = "\n".join(page.extract_text() for page in reader.pages)
    by_poppler = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                                capture_output=True, text=True).stdout
    metadata = json.dumps({k: str(v) for k, v in (reader.metadata or {}).items()},
                          ensure_ascii=False)
    outline: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                outline.append(item.title)

    walk(reader.outline)
    raw = path.read_bytes()
    # every content stream decompressed too, in case text were drawn without extractable
    # glyphs (pages and the form XObjects they use; images are not text)
    streams: list[bytes] = []
    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            streams.append(contents.get_data())
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Form":
                streams.append(obj.get_data())
    return [by_pypdf, by_poppler, metadata, "\n".join(outline),
            raw.decode("latin-1"), b"\n".join(streams).decode("latin-1")]


def test_the_query_keeps_secrets_out_of_the_dossier_data(data: DossierData) -> None:
    tail = next(p for p in data.photos if p.file_name == "tail-section.jpg")
    by_number = {a.number: a for a in tail.annotations}
    secret, redaction = by_number[4], by_number[3]
    assert secret.withheld and redaction.withheld
    assert (secret.transcription, secret.notes, secret.match, secret.confidence) == \
        ("", "", None, "")
    assert all(ref.note == "" for ref in secret.claims) and secret.claims
    assert redaction.notes == "" and redaction.transcription == ""
    assert not by_number[1].withheld and by_number[1].transcription == VISIBLE
    assert not by_number[2].withheld
    assert [m.code for m in data.citations] == ["9M723"]
    evidence = [ev for c in data.claims for ev in c.evidence if ev.withheld]
    assert len(evidence) == 1 and evidence[0].note == ""
    # no crop is even prepared for the annotation under the box
    assert [c.number for c in job_for(tail).crops] == [1, 2]
    assert_no_secret(repr(data), "the dossier data")


def test_the_summary_names_what_is_withheld(case: CaseFile, data: DossierData) -> None:
    tail = next(p for p in data.photos if p.file_name == "tail-section.jpg")
    labels = {a.number: a.label for a in tail.annotations}
    with case.read_session() as session:
        summary = withheld_summary(session)
    assert summary == data.withheld
    assert [a.label for a in summary.annotations] == [labels[3], labels[4]]
    # the secret's reading; its notes, its link note and the redaction's notes
    assert (summary.readings, summary.notes) == (1, 3)
    photo = summary.annotations[0].photo_label
    assert summary.where() == f"{photo} {labels[3]}, {labels[4]}"
    assert summary.describe() == (f"1 reading and 3 notes withheld under redactions "
                                  f"({photo} {labels[3]}, {labels[4]})")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pdf(data: DossierData, case: CaseFile, tmp_path: Path, language: str) -> None:
    options = DossierOptions(language=language)  # type: ignore[arg-type]
    pdf = build_dossier(dossier_data(case, options), tmp_path / "d.pdf")
    texts = pdf_texts(pdf)
    for text in texts:
        assert_no_secret(text, f"the {language} PDF")
    flat = "".join(texts[1].split())
    assert "".join(VISIBLE.split()) in flat and "Iskander-M" in texts[1]
    assert "Stencilled" in texts[1]  # the notes of the annotation outside the box
    withheld = "withheld:coveredbyaredaction" if language == "en" else "couverteparunmasquage"
    assert withheld in flat.replace("\u00a0", "")
    # no embedded image is the crop of the annotation under the box
    tail = next(p for p in data.photos if p.file_name == "tail-section.jpg")
    secret = next(a for a in tail.annotations if a.number == 4)
    left, top, right, bottom = crop_box(secret.points, tail.width, tail.height)
    sizes = {im.image.size for page in pypdf.PdfReader(pdf).pages for im in page.images}
    assert (round(right - left), round(bottom - top)) not in sizes
    assert len(sizes) == 5  # two photos, and the crops of annotations 1, 2 and P2's point


def test_csv(data: DossierData, tmp_path: Path) -> None:
    paths = write_csv(data, tmp_path / "csv")
    for path in paths:
        assert_no_secret(path.read_bytes().decode("utf-8-sig"), path.name)
    annotations = (tmp_path / "csv" / "annotations.csv").read_text(encoding="utf-8-sig")
    assert VISIBLE in annotations and "Stencilled" in annotations
    assert "withheld: covered by a redaction" in annotations
    links = (tmp_path / "csv" / "links.csv").read_text(encoding="utf-8-sig")
    assert "#4, index code) — withheld: covered by a redaction" in links
    assert VISIBLE in links


def test_geojson_and_kml(data: DossierData, tmp_path: Path) -> None:
    geojson = write_geojson(data, tmp_path / "l.geojson").read_bytes().decode("utf-8")
    kml = write_kml(data, tmp_path / "l.kml").read_bytes().decode("utf-8")
    for name, text in (("GeoJSON", geojson), ("KML", kml)):
        assert_no_secret(text, name)
        assert_no_secret(json.dumps(json.loads(geojson), ensure_ascii=True), "GeoJSON")
        assert STATEMENTS["az"] in text  # what they do carry is still there


def test_the_bag_keeps_everything(case: CaseFile, tmp_path: Path) -> None:
    bag = build_bag(case, tmp_path / "bag", contact="Tester").path
    with sqlite3.connect(f"file:{bag / 'data' / 'case.sqlite'}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT transcription, notes FROM annotation").fetchall()
        link_notes = [r[0] for r in db.execute("SELECT note FROM link")]
    assert (SECRET_READING, SECRET_NOTES) in rows
    assert ("", REDACTION_NOTES) in rows
    assert SECRET_LINK_NOTE in link_notes
    document = (bag / "data" / "case.json").read_text(encoding="utf-8")
    assert SECRET_READING in document and REDACTION_NOTES in document
    # ...while the dossier inside the bag withholds like any other
    for text in pdf_texts(bag / "data" / "dossier.pdf"):
        assert_no_secret(text, "the bag's dossier")


def test_the_command_line_says_what_it_withheld(case: CaseFile, data: DossierData,
                                                tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["export", str(case.root), "--csv", str(tmp_path / "csv")]) == 0
    printed = capsys.readouterr().out
    assert f"{data.withheld.describe()}: left out of the dossier" in printed
