"""A measurement is not a marking: its reading ("9M723 body diameter") is never matched
against the catalog as if it were stencilled on the debris; views show its value instead,
and the Edit menu names what was made ("Add measurement A3")."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from desktop.core.casefile import CaseFile
from desktop.core.ingest import import_paths
from desktop.core.ops.annotation_commands import CreateAnnotation
from desktop.core.queries.dossier import DossierOptions, dossier_data
from desktop.core.queries.investigation import annotations_by_id, list_annotations


@pytest.fixture
def case(new_case: CaseFile, tmp_path: Path) -> CaseFile:
    path = tmp_path / "disc.jpg"
    Image.new("RGB", (1600, 1200), (100, 110, 100)).save(path, "JPEG", quality=90)
    import_paths(new_case, [path])
    return new_case


def _add(case: CaseFile, **fields: object) -> CreateAnnotation:
    command = CreateAnnotation(photo_id=1, **fields)  # type: ignore[arg-type]
    command.redo(case)
    assert command.created_id is not None
    return command


def test_a_measurement_shows_its_value_not_a_catalog_match(case: CaseFile) -> None:
    stick = _add(case, shape_type="line", geometry={"points": [[200, 1000], [1000, 1000]]},
                 kind="scale_reference", transcription="1.00 m")
    disc = _add(case, shape_type="circle", geometry={"cx": 800.0, "cy": 500.0, "r": 368.0},
                kind="measurement", transcription="9M723 body diameter")
    width = _add(case, shape_type="line", geometry={"points": [[100, 100], [500, 100]]},
                 kind="measurement", transcription="fragmentwidth")
    # the Edit menu says what was made, with its label
    assert stick.text == "Add scale reference A1"
    assert disc.text == "Add measurement A2"
    assert width.text == "Add measurement A3"
    assert CreateAnnotation(photo_id=1, shape_type="rect", kind="index_code",
                            geometry={"x": 1, "y": 1, "w": 9, "h": 9}).text == \
        "Add rectangle annotation"

    rows = {a.label: a for a in case.read(list_annotations, 1)}
    assert rows["A2"].matches == () and rows["A3"].matches == ()
    assert rows["A2"].measured == "92.0 ± 0.6 cm"  # 736 px at 0.8 px per mm
    assert rows["A1"].measured == "100.0 cm (± 5.0 mm)"
    assert case.read(annotations_by_id)[disc.created_id].measured == "92.0 ± 0.6 cm"  # type: ignore[index]

    # a real marking still matches, and shows no value
    _add(case, shape_type="rect", geometry={"x": 60, "y": 60, "w": 200, "h": 40},
         kind="index_code", transcription="9M723")
    marking = next(a for a in case.read(list_annotations, 1) if a.label == "A4")
    assert marking.matches and marking.matches[0].code == "9M723" and not marking.measured


def test_the_dossier_does_not_count_a_measurement_as_a_marking(case: CaseFile) -> None:
    _add(case, shape_type="line", geometry={"points": [[200, 1000], [1000, 1000]]},
         kind="scale_reference", transcription="1.00 m")
    _add(case, shape_type="circle", geometry={"cx": 800.0, "cy": 500.0, "r": 368.0},
         kind="measurement", transcription="9M723 body diameter")
    data = dossier_data(case, DossierOptions())
    annotations = data.photos[0].annotations
    assert all(a.match is None for a in annotations)
    assert [c.code for c in data.citations] == []  # no catalog entry cited for a size
    # the measurement still compares with the catalog by the munition its reading names
    measured = next(a.measurement for a in annotations if a.measurement is not None)
    assert measured.comparisons and measured.comparisons[0].code == "9M723"


def test_the_dossier_prints_what_a_scale_reference_gives(case: CaseFile) -> None:
    import subprocess

    from desktop.core.export.dossier import build_dossier

    _add(case, shape_type="polygon",
         geometry={"points": [[250, 620], [750, 620], [650, 380], [330, 380]]},
         kind="scale_reference", transcription="A4")
    _add(case, shape_type="line", geometry={"points": [[200, 1000], [1000, 1000]]},
         kind="scale_reference", transcription="1.00 m")
    pdf = build_dossier(dossier_data(case, DossierOptions()), case.root.parent / "d.pdf")
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())
    first = text.split("Annotation A1 — scale reference")[1].split("Annotation A2")[0]
    assert "Scale reference 21.0 cm x 29.7 cm; corner 1 to 2 is its 21.0 cm side" in first
    assert "Catalog match" not in first
    second = text.split("Annotation A2 — scale reference")[1]
    assert "Scale reference 100.0 cm (± 5.0 mm)" in second


def test_fragment_measurements_says_which_side_of_a_card_is_which(case: CaseFile,
                                                                  capsys) -> None:
    from desktop.cli import run_cli

    _add(case, shape_type="polygon",
         geometry={"points": [[250, 620], [750, 620], [650, 380], [330, 380]]},
         kind="scale_reference", transcription="A4")
    _add(case, shape_type="line", geometry={"points": [[400, 560], [600, 560]]},
         kind="measurement", transcription="fin chord")
    root = case.root
    case.close()
    assert run_cli(["measurements", str(root)]) == 0
    first, second = capsys.readouterr().out.strip().splitlines()
    assert "plane of A1 'A4', rectified (corner 1 to 2 is the 21.0 cm side)" in first
    assert "pointing error 2 px (fixed)" in first
    assert second == ("A1 (P1) scale reference 'A4': A4, 21.0 cm x 29.7 cm (± 1.0 mm); "
                      "corner 1 to 2 is the 21.0 cm side")
