"""KML export: well-formed KML 2.2 with one placemark per location, escaped text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.core.casefile import CaseFile
from desktop.core.export.kml import KML_NS, write_kml
from desktop.core.queries.dossier import DossierData, dossier_data
from tests.unit.exportcase import COORDS, make_export_case

NS = {"k": KML_NS}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> DossierData:
    case: CaseFile = make_export_case(tmp_path_factory.mktemp("kml"))
    try:
        return dossier_data(case)
    finally:
        case.close()


def test_kml_parses_and_has_the_placemarks(data: DossierData, tmp_path: Path) -> None:
    out = write_kml(data, tmp_path / "locations.kml")
    root = ET.parse(out).getroot()
    assert root.tag == f"{{{KML_NS}}}kml"
    marks = root.findall("k:Document/k:Placemark", NS)
    assert len(marks) == len(COORDS)
    for mark, (lat, lon) in zip(marks, COORDS, strict=True):
        lon_text, lat_text, _ = mark.findtext("k:Point/k:coordinates", namespaces=NS).split(",")
        assert (float(lon_text), float(lat_text)) == pytest.approx((lon, lat))
    assert marks[0].findtext("k:name", namespaces=NS) == "L1 Shusha debris 1"
    description = marks[0].findtext("k:description", namespaces=NS)
    assert "« N 46 ° 44’33.90 »" in description and "Շուշի" in description
    values = {d.get("name"): d.findtext("k:value", namespaces=NS)
              for d in marks[0].findall("k:ExtendedData/k:Data", NS)}
    assert values["kind"] == "claimed" and values["precision_m"] == "10"


def test_kml_quotes_the_linked_claims(data: DossierData, tmp_path: Path) -> None:
    out = write_kml(data, tmp_path / "l.kml")
    # the claim about L2 (ANAMA's) is quoted in its description, every character intact
    descriptions = [m.findtext("k:description", namespaces=NS)
                    for m in ET.parse(out).getroot().iter(f"{{{KML_NS}}}Placemark")]
    assert any("ANAMA" in d and "Şuşa" in d for d in descriptions)


def test_control_characters_in_names_and_notes_still_parse(data: DossierData,
                                                           tmp_path: Path) -> None:
    """XML 1.0 forbids most C0 controls: they are removed wherever text reaches the file."""
    loc = replace(data.locations[0], name="Debris\x00 site\x1f 1", note="seen\x0b at dawn\x07",
                  raw_text="39\x08.76, 46.74", aliases=("Şuşa\x01",))
    claim = replace(data.claims[0], statement="Fragments\x1b found", actor="ANAMA\x0c")
    changed = replace(data, locations=(replace(loc, linked=(claim.label,)),),
                      claims=(claim,), case=replace(data.case, title="Case\x02 title"))
    out = write_kml(changed, tmp_path / "controls.kml")
    root = ET.parse(out).getroot()  # the standard library's parser accepts the file
    [mark] = root.findall("k:Document/k:Placemark", NS)
    assert root.findtext("k:Document/k:name", namespaces=NS) == "Case title"
    assert mark.findtext("k:name", namespaces=NS) == f"{loc.label} Debris site 1"
    description = mark.findtext("k:description", namespaces=NS)
    assert "seen at dawn" in description and "Also known as: Şuşa" in description
    assert f"{claim.label}: ANAMA: Fragments found" in description
    values = {d.get("name"): d.findtext("k:value", namespaces=NS)
              for d in mark.findall("k:ExtendedData/k:Data", NS)}
    assert values["raw_text"] == "39.76, 46.74"
    assert not any(0 < ord(ch) < 32 and ch not in "\t\n\r" for ch in out.read_text("utf-8"))
