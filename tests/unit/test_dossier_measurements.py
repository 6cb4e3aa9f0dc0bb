"""Measurements in the dossier, read back with pdftotext, in English and French; and every
text the measurement lines pick by key exists in both languages."""

from __future__ import annotations

import subprocess

import pytest

from desktop.core.casefile import CaseFile
from desktop.core.export.dossier import build_dossier
from desktop.core.export.translations import LANGUAGES, fixed_texts
from desktop.core.ingest import import_paths
from desktop.core.measurements import CHOICES
from desktop.core.ops.annotations import create_annotation
from desktop.core.queries.dossier import DossierOptions, dossier_data
from desktop.core.queries.measurements import WARNING_KEYS, case_measurements
from tests.unit.test_measurements_case import DISC, STICK, _disc_photo

NOTE_KEYS = ("no_feature", "no_munition", "no_dimension", "no_value", "withheld")


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("measured")
    case = CaseFile.create(root / "Measured", title="Measured", investigator="Analyst")
    try:
        [photo] = [r.photo_id for r in import_paths(case, [_disc_photo(root / "d.jpg")]).results]
        create_annotation(case, photo_id=photo, shape_type="rect",
                          geometry={"x": 40, "y": 40, "w": 200, "h": 60}, kind="index_code",
                          transcription="9M723")
        create_annotation(case, photo_id=photo, shape_type="line", geometry={"points": STICK},
                          kind="scale_reference", transcription="1.00 m")
        create_annotation(case, photo_id=photo, shape_type="circle", geometry=DISC,
                          kind="measurement", transcription="body diameter")
        create_annotation(case, photo_id=photo, shape_type="polyline",
                          geometry={"points": [[300, 300], [500, 300], [500, 450]]},
                          kind="measurement", transcription="fin span")
        [measured] = case.read(case_measurements)
        value = measured.measurements[0].value_text
        texts = {"value": value}
        for language in LANGUAGES:
            data = dossier_data(case, DossierOptions(language=language))  # type: ignore[arg-type]
            pdf = build_dossier(data, root / f"{language}.pdf")
            out = subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                 capture_output=True, text=True).stdout
            texts[language] = " ".join(out.split())
    finally:
        case.close()
    return texts


def test_the_dossier_prints_value_reference_and_comparison(dossiers: dict[str, str]) -> None:
    text, value = dossiers["en"], dossiers["value"]
    block = text.split("Annotation A3 — measurement")[1].split("Annotation A4")[0]
    assert f"Measured {value} (standard uncertainty, one sigma)" in block
    assert ("Reference used line reference A2 “1.00 m” (the photo's only usable scale "
            "reference)") in block
    assert "Pointing error 2 px (fixed) per point, propagated to the uncertainty" in block
    assert (f"{value} consistent with the 9M723 body diameter of 0.92 m (difference") in block
    assert "https://en.wikipedia.org/wiki/9K720_Iskander" in block
    assert "A line reference assumes the object and the reference face the camera" in block
    other = text.split("Annotation A4 — measurement")[1]
    assert "not compared: the catalog gives no “fin span” for 9M723 (it gives: body " \
           "diameter, length)" in other


def test_the_french_dossier_says_it_in_french(dossiers: dict[str, str]) -> None:
    text, value = dossiers["fr"], dossiers["value"]
    assert f"{value} (incertitude-type, un écart-type)" in text
    assert "référence linéaire A2 « 1.00 m »" in text
    assert f"{value} compatible avec la dimension « body diameter » du 9M723, 0.92 m" in text
    assert "non comparée : le catalogue ne donne pas « fin span » pour 9M723" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_measurement_text_chosen_by_key_exists(language: str) -> None:
    texts = fixed_texts(language)
    keys = ([f"m_choice_{k}" for k in CHOICES]
            + [f"mw_{k}" for _, k in WARNING_KEYS] + ["mw_reference_problem"]
            + [f"mc_{k}" for k in NOTE_KEYS])
    assert [k for k in keys if k not in texts] == []
