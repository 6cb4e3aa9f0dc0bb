"""Measurements in a case: synthetic photos of known geometry, annotated through the undoable
commands, give back the true lengths within their stated uncertainty; the catalog
comparison, the command line, undo/redo and verify.

Photo 1 shows a 150 x 100 mm scale card and a 130 mm bar lying in its plane, seen at an
angle (a known homography from the plane, in millimetres, to the photo). Photo 2 faces the
camera: a 1 m stick and a disc 920 mm across, with a stencilled "9M723" beside them.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from desktop.cli import run_cli
from desktop.core.casefile import CaseFile
from desktop.core.ingest import import_paths
from desktop.core.measure import homography
from desktop.core.ops.annotation_commands import CreateAnnotation, EditAnnotation
from desktop.core.queries.measurements import (
    MeasurementInfo,
    case_measurements,
    measurement_of,
    reference_of,
)
from desktop.core.verify import verify_case

CARD_MM = [(0.0, 0.0), (150.0, 0.0), (150.0, 100.0), (0.0, 100.0)]
CARD_PX = [(500.0, 400.0), (980.0, 430.0), (1010.0, 700.0), (470.0, 660.0)]
BAR_MM = [(10.0, 140.0), (140.0, 140.0)]  # 130 mm, in the card's plane below it
PATH_MM = [(10.0, 120.0), (70.0, 120.0), (70.0, 180.0)]  # 120 mm along two edges
H = homography(CARD_MM, CARD_PX)


def _to_px(point: tuple[float, float]) -> tuple[float, float]:
    x, y, w = H @ (point[0], point[1], 1.0)
    return (x / w, y / w)


def _clicked(points: list[tuple[float, float]]) -> list[list[int]]:
    """Where a careful user clicks: the nearest whole pixel."""
    return [[round(x), round(y)] for x, y in points]


def _card_photo(path: Path) -> Path:
    image = Image.new("RGB", (1600, 1200), (120, 110, 90))
    draw = ImageDraw.Draw(image)
    draw.polygon(CARD_PX, fill=(245, 245, 240), outline=(0, 0, 0))
    draw.line([_to_px(p) for p in BAR_MM], fill=(40, 40, 40), width=9)
    draw.line([_to_px(p) for p in PATH_MM], fill=(80, 30, 30), width=5)
    image.save(path, "JPEG", quality=90)
    return path


STICK = [[200, 1000], [1000, 1000]]  # 1 m over 800 px: 0.8 px per mm
DISC = {"cx": 800.0, "cy": 500.0, "r": 368.0}  # 920 mm across


def _disc_photo(path: Path) -> Path:
    image = Image.new("RGB", (1600, 1200), (100, 110, 100))
    draw = ImageDraw.Draw(image)
    cx, cy, r = DISC["cx"], DISC["cy"], DISC["r"]
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(80, 90, 50))
    draw.line([tuple(p) for p in STICK], fill=(240, 240, 240), width=8)
    draw.text((60, 60), "9M723", fill=(230, 230, 200))
    image.save(path, "JPEG", quality=90)
    return path


def _add(case: CaseFile, **fields: object) -> int:
    command = CreateAnnotation(**fields)  # type: ignore[arg-type]
    command.redo(case)
    assert command.created_id is not None
    return command.created_id


@pytest.fixture
def case(new_case: CaseFile, tmp_path: Path) -> CaseFile:
    paths = [_card_photo(tmp_path / "card.jpg"), _disc_photo(tmp_path / "disc.jpg")]
    results = import_paths(new_case, paths).results
    new_case.card_photo, new_case.disc_photo = (r.photo_id for r in results)  # type: ignore[attr-defined]
    return new_case


def _by_reading(case: CaseFile) -> dict[str, MeasurementInfo]:
    return {m.reading: m for p in case.read(case_measurements) for m in p.measurements}


def test_lengths_on_a_card_seen_at_an_angle_are_recovered(case: CaseFile) -> None:
    photo = case.card_photo  # type: ignore[attr-defined]
    _add(case, photo_id=photo, shape_type="polygon", geometry={"points": _clicked(CARD_PX)},
         kind="scale_reference", transcription="150 x 100 mm")
    bar = _add(case, photo_id=photo, shape_type="line",
               geometry={"points": _clicked([_to_px(p) for p in BAR_MM])},
               kind="measurement", transcription="fin chord")
    _add(case, photo_id=photo, shape_type="polyline",
         geometry={"points": _clicked([_to_px(p) for p in PATH_MM])},
         kind="measurement", transcription="edge")
    found = _by_reading(case)
    for reading, truth in (("fin chord", 130.0), ("edge", 120.0)):
        m = found[reading]
        assert m.value_mm is not None and m.uncertainty_mm is not None
        assert abs(m.value_mm - truth) <= m.uncertainty_mm, (reading, m.value_text)
        assert m.uncertainty_mm < 0.05 * truth  # and the uncertainty is not absurdly wide
        assert m.method == "plane of A1 '150 x 100 mm', rectified"
        assert m.reference_choice == "the photo's only usable scale reference"
        assert m.pointing_error_px == 2.0
        assert any("rectified in the reference's plane" in w for w in m.warnings)
    # a naive scale from the card's top edge would be far off: the rectification matters
    naive = found["fin chord"].pixels * 150.0 / np.hypot(480, 30)
    assert abs(naive - 130.0) > 3 * found["fin chord"].uncertainty_mm
    assert case.read(measurement_of, bar) == found["fin chord"]
    assert verify_case(case).ok


def test_a_circle_against_a_line_reference_and_the_catalog(case: CaseFile) -> None:
    photo = case.disc_photo  # type: ignore[attr-defined]
    _add(case, photo_id=photo, shape_type="rect", geometry={"x": 40, "y": 40, "w": 200,
                                                            "h": 60},
         kind="index_code", transcription="9\u041c723")
    _add(case, photo_id=photo, shape_type="line", geometry={"points": STICK},
         kind="scale_reference", transcription="1.00 m")
    for reading in ("body diameter", "9M79 body diameter", "fin span", ""):
        _add(case, photo_id=photo, shape_type="circle", geometry=DISC, kind="measurement",
             transcription=reading)
    found = _by_reading(case)
    plain = found["body diameter"]
    assert plain.value_mm is not None and plain.uncertainty_mm is not None
    assert abs(plain.value_mm - 920.0) <= plain.uncertainty_mm
    assert plain.method == "line reference A2 '1.00 m'"
    [comparison] = plain.comparisons  # the photo's marking names the munition
    assert comparison.code == "9M723" and comparison.consistent
    assert comparison.published == "0.92 m"
    assert comparison.url == "https://en.wikipedia.org/wiki/9K720_Iskander"
    assert comparison.sentence.startswith(f"{plain.value_text} is consistent with the 9M723")

    named = found["9M79 body diameter"]  # the reading names another munition
    [other] = named.comparisons
    assert other.code == "9M79" and not other.consistent and named.code == "9M79"
    assert "not consistent with the 9M79 body diameter of 0.65 m" in other.sentence

    assert found["fin span"].comparisons == ()
    assert found["fin span"].comparison_note == (
        "The catalog gives no 'fin span' for 9M723 (it lists: body diameter, length): "
        "no comparison.")
    assert "does not say what was measured" in found[""].comparison_note


def test_without_a_usable_reference_the_length_is_in_pixels(case: CaseFile) -> None:
    photo = case.disc_photo  # type: ignore[attr-defined]
    measured = _add(case, photo_id=photo, shape_type="line", geometry={"points": STICK},
                    kind="measurement", transcription="body diameter")
    m = case.read(measurement_of, measured)
    assert m is not None and m.value_mm is None and m.value_text == "800 px"
    assert m.warnings == ("The photo has no scale reference: the length is in pixels.",)
    bad = _add(case, photo_id=photo, shape_type="line", geometry={"points": [[0, 0], [9, 9]]},
               kind="scale_reference", transcription="ten centimetres")
    m = case.read(measurement_of, measured)
    assert m is not None and m.value_mm is None
    assert "No scale reference of the photo can be used" in m.warnings[0]
    assert "'ten centimetres' is not a length" in m.warnings[1]
    ref = case.read(reference_of, bad)
    assert ref is not None and ref.kind == "" and "'10 cm'" in ref.problem
    EditAnnotation(bad, {"transcription": "ten centimetres"},
                   {"transcription": "A4"}).redo(case)
    ref = case.read(reference_of, bad)
    assert ref is not None and "one length" not in ref.problem and ref.problem


def test_several_references_the_plane_wins_on_its_plane(case: CaseFile) -> None:
    photo = case.card_photo  # type: ignore[attr-defined]
    _add(case, photo_id=photo, shape_type="line", geometry={"points": [[100, 1100],
                                                                       [300, 1100]]},
         kind="scale_reference", transcription="10 cm")
    _add(case, photo_id=photo, shape_type="polygon", geometry={"points": _clicked(CARD_PX)},
         kind="scale_reference", transcription="150 x 100 mm")
    _add(case, photo_id=photo, shape_type="line",
         geometry={"points": _clicked([_to_px(p) for p in BAR_MM])}, kind="measurement",
         transcription="on the plane")
    _add(case, photo_id=photo, shape_type="line", geometry={"points": [[120, 1150],
                                                                       [220, 1150]]},
         kind="measurement", transcription="by the ruler")
    found = _by_reading(case)
    assert found["on the plane"].reference_label == "A2"
    assert found["on the plane"].reference_choice == "the measurement lies near the plane of A2"
    assert found["by the ruler"].reference_label == "A1"
    assert found["by the ruler"].reference_choice == "the nearest line reference of 1"
    assert found["by the ruler"].value_mm == pytest.approx(50.0)


def test_undo_redo_and_the_command_line(case: CaseFile, capsys: pytest.CaptureFixture) -> None:
    photo = case.disc_photo  # type: ignore[attr-defined]
    _add(case, photo_id=photo, shape_type="line", geometry={"points": STICK},
         kind="scale_reference", transcription="1.00 m")
    command = CreateAnnotation(photo_id=photo, shape_type="circle", geometry=DISC,
                               kind="measurement", transcription="9M723 body diameter")
    command.redo(case)
    before = _by_reading(case)["9M723 body diameter"]
    command.undo(case)
    assert _by_reading(case) == {}
    command.redo(case)
    again = _by_reading(case)["9M723 body diameter"]
    assert (again.label, again.value_text, again.comparisons) == (
        before.label, before.value_text, before.comparisons)
    assert verify_case(case).ok
    root = case.root
    case.close()

    assert run_cli(["measurements", str(root)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith(f"{again.label} (P2, circle) '9M723 body diameter': "
                             f"{again.value_text} | line reference A1 '1.00 m'")
    assert "pointing error 2 px (fixed)" in out[0]
    assert "is consistent with the 9M723 body diameter of 0.92 m" in out[0]
    assert "https://en.wikipedia.org/wiki/9K720_Iskander" in out[0]
    assert run_cli(["measurements", str(root), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    [record] = data["measurements"]
    assert record["label"] == again.label and record["reference_label"] == "A1"
    assert record["value_mm"] == pytest.approx(920.0, abs=record["uncertainty_mm"])
    assert record["comparisons"][0]["consistent"] is True
    assert data["references"] == [{"photo_label": "P2", "annotation_id": 1, "label": "A1",
                                   "reading": "1.00 m", "shape_type": "line", "kind": "line",
                                   "problem": "", "given": "100.0 cm (± 5.0 mm)",
                                   "first_mm": None,
                                   "summary": "100.0 cm (± 5.0 mm) over 800 px"}]


def test_interchange_round_trip_keeps_the_measurements(case: CaseFile, tmp_path: Path) -> None:
    import jsonschema

    from desktop.core.interchange import dump_case, load_case
    from desktop.core.resources import resource_path

    card, disc = case.card_photo, case.disc_photo  # type: ignore[attr-defined]
    _add(case, photo_id=card, shape_type="polygon", geometry={"points": _clicked(CARD_PX)},
         kind="scale_reference", transcription="150 x 100 mm")
    _add(case, photo_id=card, shape_type="polyline",
         geometry={"points": _clicked([_to_px(p) for p in PATH_MM])}, kind="measurement",
         transcription="edge")
    _add(case, photo_id=disc, shape_type="line", geometry={"points": STICK},
         kind="scale_reference", transcription="1.00 m")
    _add(case, photo_id=disc, shape_type="circle", geometry=DISC, kind="measurement",
         transcription="9M723 body diameter")
    before = {m.label: (m.value_text, m.method, m.comparisons) for p in
              case.read(case_measurements) for m in p.measurements}
    out = tmp_path / "dump"
    out.mkdir()
    doc = dump_case(case, out / "case.json")
    schema = json.loads(resource_path("schema", "fragment-case.schema.json").read_text())
    jsonschema.validate(doc, schema)
    shapes = {a["shape"]["type"] for a in doc["annotations"]}
    assert shapes == {"polygon", "polyline", "line", "circle"}
    assert {"type": "circle", **DISC} in [a["shape"] for a in doc["annotations"]]

    with CaseFile.create(tmp_path / "Second", title="second", investigator="T") as second:
        load_case(second, out / "case.json")
        after = {m.label: (m.value_text, m.method, m.comparisons) for p in
                 second.read(case_measurements) for m in p.measurements}
        assert after == before and len(after) == 2
        assert verify_case(second).ok


@pytest.mark.parametrize(("shape", "kind", "message"), [
    ({"type": "line", "points": [[1, 1], [2, 2], [3, 1]]}, "measurement",
     r"annotations\[0\]\.shape\.points: a line needs exactly 2 points"),
    ({"type": "circle", "cx": 10, "cy": 10, "r": -1}, "measurement",
     r"annotations\[0\]\.shape\.r: a circle needs a positive radius"),
    ({"type": "rect", "x": 1, "y": 1, "w": 5, "h": 5}, "measurement",
     r"annotations\[0\]\.kind: a measurement is a line, polyline or circle"),
])
def test_load_refuses_bad_measurement_shapes(new_case: CaseFile, tmp_path: Path, shape: dict,
                                             kind: str, message: str) -> None:
    from desktop.core.errors import ValidationError
    from desktop.core.interchange import load_case

    photo = _disc_photo(tmp_path / "disc.jpg")
    doc = {"format": "fragment-case", "version": 1,
           "photos": [{"key": "p1", "file": photo.name}],
           "annotations": [{"key": "n1", "photo": "p1", "kind": kind, "shape": shape}]}
    (tmp_path / "doc.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ValidationError, match=message):
        load_case(new_case, tmp_path / "doc.json")
    assert case_measurements_count(new_case) == 0


def case_measurements_count(case: CaseFile) -> int:
    return sum(len(p.measurements) for p in case.read(case_measurements))


def test_readings_and_shapes_a_reference_cannot_use() -> None:
    from desktop.core.catalog import default_catalog
    from desktop.core.markings import Catalog
    from desktop.core.measurement_catalog import split_reading
    from desktop.core.measurements import Shape, scale_reference

    crossed = Shape(1, "A1", "scale_reference", "polygon",
                    {"points": [[0, 0], [100, 100], [100, 0], [0, 100]]}, "A4")
    assert "corners must be clicked in order" in scale_reference(crossed).problem
    one_length = Shape(2, "A2", "scale_reference", "polygon",
                       {"points": [[0, 0], [100, 0], [100, 60], [0, 60]]}, "10 cm")
    assert "is one length" in scale_reference(one_length).problem
    disc = Shape(3, "A3", "scale_reference", "circle", {"cx": 5, "cy": 5, "r": 3}, "10 cm")
    assert "cannot be a scale reference as a circle" in scale_reference(disc).problem
    sheet = Shape(4, "A4", "scale_reference", "rect", {"x": 0, "y": 0, "w": 297, "h": 210},
                  "A4")
    plane = scale_reference(sheet).reference
    assert plane is not None and plane.size.width.mm == 297.0  # long side along the long edges
    assert split_reading("9M723", Catalog()) == ("9M723", "")
    assert split_reading("wingspan Shahed-136", Catalog()) == ("Shahed-136", "wingspan")
    assert split_reading("body diameter", Catalog()) == ("", "body diameter")
    assert split_reading("9M723K1 body diameter", default_catalog()) == ("9M723", "body diameter")
    assert split_reading("9M79 body diameter", default_catalog()) == ("9M79", "body diameter")


def test_the_csv_carries_the_measurement(case: CaseFile, tmp_path: Path) -> None:
    import csv

    from desktop.core.export.csv_export import write_csv
    from desktop.core.queries.dossier import DossierOptions, dossier_data

    photo = case.disc_photo  # type: ignore[attr-defined]
    _add(case, photo_id=photo, shape_type="line", geometry={"points": STICK},
         kind="scale_reference", transcription="1.00 m")
    _add(case, photo_id=photo, shape_type="circle", geometry=DISC, kind="measurement",
         transcription="9M723 body diameter")
    [measured] = _by_reading(case).values()
    write_csv(dossier_data(case, DossierOptions()), tmp_path / "csv")
    with open(tmp_path / "csv" / "annotations.csv", encoding="utf-8-sig") as handle:
        rows = {r["annotation_label"]: r for r in csv.DictReader(handle)}
    row = rows[measured.label]
    assert row["shape"] == "circle" and row["kind"] == "measurement"
    assert float(row["measured_mm"]) == pytest.approx(measured.value_mm, abs=0.05)
    assert float(row["uncertainty_mm"]) == pytest.approx(measured.uncertainty_mm, abs=0.05)
    assert row["measurement_reference"] == "line reference A1 '1.00 m'"
    assert row["catalog_comparison"].startswith(f"{measured.value_text} is consistent with")
    assert rows["A1"]["measured_mm"] == ""  # a scale reference is not a measurement


def test_a_measured_line_crossing_a_redaction_is_withheld(case: CaseFile) -> None:
    photo = case.disc_photo  # type: ignore[attr-defined]
    _add(case, photo_id=photo, shape_type="rect", geometry={"x": 40, "y": 40, "w": 200,
                                                            "h": 60},
         kind="index_code", transcription="9M723")
    _add(case, photo_id=photo, shape_type="line", geometry={"points": STICK},
         kind="scale_reference", transcription="1.00 m")
    line = _add(case, photo_id=photo, shape_type="line",
                geometry={"points": [[432, 500], [1168, 500]]}, kind="measurement",
                transcription="9M723 body diameter")
    _add(case, photo_id=photo, shape_type="rect", geometry={"x": 700, "y": 400, "w": 100,
                                                            "h": 200},
         kind="redaction")  # both ends outside it: the line crosses it
    m = case.read(measurement_of, line)
    assert m is not None and m.withheld and m.reading == "" and m.comparisons == ()
    assert m.comparison_note_key == "withheld"
    assert m.value_mm == pytest.approx(920.0, abs=m.uncertainty_mm)  # the value stays
