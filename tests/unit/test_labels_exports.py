"""Exports print the stored labels: a selection dossier names objects exactly as the whole
dossier does, and CSV, GeoJSON and KML carry the labels the case gave its objects."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Annotation, Claim, Location
from desktop.cli import run_cli
from desktop.core.casefile import CaseFile
from desktop.core.export.csv_export import write_csv
from desktop.core.export.geojson import write_geojson
from desktop.core.export.kml import KML_NS, write_kml
from desktop.core.ops.claims import delete_claim
from desktop.core.ops.locations import delete_location
from desktop.core.queries.dossier import dossier_data
from tests.unit.exportcase import STATEMENTS, make_export_case

HEADING = re.compile(r"^((?:Photo |Annotation )?[PCA]\d+) — (.+?)(?:\s*\.[ .]*\d+)?$")


@pytest.fixture(scope="module")
def case_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export case after deleting C2 and L1, so labels no longer equal positions."""
    case = make_export_case(tmp_path_factory.mktemp("labels"))
    with case.read_session() as s:
        c2 = s.scalar(select(Claim.id).where(Claim.label == "C2"))
        l1 = s.scalar(select(Location.id).where(Location.label == "L1"))
    delete_claim(case, claim_id=int(c2))
    delete_location(case, location_id=int(l1))
    root = case.root
    case.close()
    return root


def headings(pdf: Path) -> set[tuple[str, str]]:
    """Every "C3 — who", "Photo P2 — file" and "Annotation A4 — kind" line of the PDF."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return {(m.group(1), m.group(2).strip()) for line in text.splitlines()
            if (m := HEADING.match(line.strip()))}


def test_selection_dossier_prints_the_labels_of_the_whole(
        case_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole, part = tmp_path / "whole.pdf", tmp_path / "part.pdf"
    assert run_cli(["export", str(case_path), "--pdf", str(whole)]) == 0
    assert run_cli(["export", str(case_path), "--pdf", str(part),
                    "--claims", "c3", "--photos", "P2"]) == 0
    capsys.readouterr()
    all_heads, part_heads = headings(whole), headings(part)
    assert ("C3", "Министерство обороны РФ") in all_heads
    assert ("Photo P2", "motor-rotated.jpg") in all_heads
    # the selection: C3 stays C3 (C1 is left out, C2 deleted), P2 stays P2 (P1 left out)
    assert {h for h in part_heads if not h[0].startswith("Annotation")} == {
        ("C3", "Министерство обороны РФ"), ("Photo P2", "motor-rotated.jpg")}
    assert part_heads <= all_heads
    assert any(h[0].startswith("Annotation A") for h in part_heads)
    assert not any(label.startswith("C2") for label, _ in all_heads)


def test_export_refuses_an_unknown_label(case_path: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "x.pdf"
    assert run_cli(["export", str(case_path), "--pdf", str(pdf), "--claims", "C2"]) == 2
    assert capsys.readouterr().err.strip() == "fragment: the case has no claim labelled C2"
    assert run_cli(["export", str(case_path), "--pdf", str(pdf), "--photos", "C1"]) == 2
    assert capsys.readouterr().err.strip() == (
        "fragment: 'C1' is not a photo label (they look like P3)")
    assert not pdf.exists()


def test_cli_lists_carry_labels(case_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["claims", str(case_path), "--json"]) == 0
    claims = json.loads(capsys.readouterr().out)
    by_label = {c["label"]: c for c in claims}
    assert set(by_label) == {"C1", "C3", "C4"}
    assert by_label["C3"]["statement"] == STATEMENTS["ru"]
    assert by_label["C1"]["contradicting_claim_labels"] == ["C3"]
    assert by_label["C1"]["supporting"][0].startswith("A1 · tail-section.jpg #1")
    assert run_cli(["claims", str(case_path)]) == 0
    assert f"C3 (id {by_label['C3']['id']}) UNVERIFIED" in capsys.readouterr().out

    assert run_cli(["photos", str(case_path), "--json"]) == 0
    photos = json.loads(capsys.readouterr().out)["photos"]
    assert {p["file_name"]: p["label"] for p in photos} == {
        "tail-section.jpg": "P1", "motor-rotated.jpg": "P2"}
    assert run_cli(["photos", str(case_path)]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("P1 ")


def test_csv_geojson_kml_carry_the_stored_labels(case_path: Path, tmp_path: Path) -> None:
    with CaseFile.open(case_path, readonly=True) as case:
        data = dossier_data(case)
        write_csv(data, tmp_path / "csv")
        write_geojson(data, tmp_path / "l.geojson")
        write_kml(data, tmp_path / "l.kml")
        with case.read_session() as s:
            claims = {label: text for label, text in
                      s.execute(select(Claim.label, Claim.statement))}
            anns = {uid: label for uid, label in
                    s.execute(select(Annotation.uid, Annotation.label))}

    with open(tmp_path / "csv" / "claims.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["claim_label"]: r["statement"] for r in rows} == claims
    assert set(claims) == {"C1", "C3", "C4"}
    with open(tmp_path / "csv" / "annotations.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["annotation_uid"]: r["annotation_label"] for r in rows} == anns
    with open(tmp_path / "csv" / "links.csv", encoding="utf-8-sig", newline="") as f:
        links = list(csv.DictReader(f))
    assert {(r["claim_label"], r["evidence"]) for r in links} >= {("C1", "A1"), ("C3", "A1"),
                                                                  ("C4", "P2")}

    features = json.loads((tmp_path / "l.geojson").read_text(encoding="utf-8"))["features"]
    assert [(f["properties"]["label"], f["properties"]["name"]) for f in features] == [
        ("L2", "Shusha debris 2")]
    assert features[0]["properties"]["linked"] == ["C1"]

    root = ET.parse(tmp_path / "l.kml").getroot()
    ns = {"k": KML_NS}
    [mark] = root.findall(".//k:Placemark", ns)
    assert mark.findtext("k:name", namespaces=ns) == "L2 Shusha debris 2"
    data_items = {d.get("name"): d.findtext("k:value", namespaces=ns)
                  for d in mark.findall(".//k:Data", ns)}
    assert data_items["label"] == "L2"
