"""Locations from free text (raw text, notation, precision kept), names and aliases."""

from __future__ import annotations

import pytest

from desktop.core.casefile import CaseFile
from desktop.core.errors import ValidationError
from desktop.core.ops.locations import create_location, delete_location, update_location
from tests.unit.investigation_fixtures import case_state

ARTICLE_TEXT = "39 ° 45’38.10 « N 46 ° 44’33.90 » E"


def test_location_from_article_text(new_case: CaseFile) -> None:
    loc, _ = create_location(new_case, coordinates=ARTICLE_TEXT, name="Shusha",
                             aliases=["Şuşa", " Shushi ", "Шуша", "Շուշի", "Shushi"])
    row = case_state(new_case)["location"][0]
    assert row["lat"] == pytest.approx(39 + 45 / 60 + 38.10 / 3600, abs=1e-9)
    assert row["lon"] == pytest.approx(46 + 44 / 60 + 33.90 / 3600, abs=1e-9)
    assert row["raw_text"] == ARTICLE_TEXT and row["notation"] == "dms"
    assert row["kind"].value == "claimed"
    assert 0 < row["precision_m"] < 10
    assert row["aliases"] == ["Şuşa", "Shushi", "Шуша", "Շուշի"]
    update_location(new_case, location_id=loc, coordinates="39.7577, 46.7572")
    row = case_state(new_case)["location"][0]
    assert (row["lat"], row["lon"], row["notation"]) == (39.7577, 46.7572, "decimal")
    assert row["raw_text"] == "39.7577, 46.7572"


def test_explicit_precision_and_numbers(new_case: CaseFile) -> None:
    create_location(new_case, lat=39.76, lon=46.74, kind="geolocated", precision_m=250)
    row = case_state(new_case)["location"][0]
    assert (row["precision_m"], row["kind"].value, row["raw_text"]) == (250, "geolocated", "")


@pytest.mark.parametrize(("fields", "message"), [
    ({"coordinates": "91 N 10 E"}, "coordinates: "),
    ({"coordinates": "42"}, "coordinates: "),
    ({"lat": 95.0, "lon": 1.0}, "lat: latitude 95.0 is beyond"),
    ({"lat": 1.0, "lon": float("nan")}, "lon: expected a finite number"),
    ({}, "a location needs coordinates"),
    ({"coordinates": "39.7, 46.7", "kind": "guess"}, "kind: unknown value"),
    ({"coordinates": "39.7, 46.7", "aliases": "Shusha"}, "aliases: expected a list"),
    ({"coordinates": "39.7, 46.7", "aliases": ["ok", " "]}, r"aliases\[1\]: must not be"),
    ({"coordinates": "39.7, 46.7", "precision_m": -3}, "precision_m: precision must be"),
    ({"coordinates": "39.7, 46.7", "photo_id": 7}, "photo_id: there is no photo"),
])
def test_bad_locations(new_case: CaseFile, fields: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        create_location(new_case, **fields)
    assert case_state(new_case)["location"] == []


def test_delete_location(new_case: CaseFile) -> None:
    loc, _ = create_location(new_case, coordinates="39.7, 46.7")
    snapshot, _ = delete_location(new_case, location_id=loc)
    assert snapshot.row["lat"] == 39.7
    assert case_state(new_case)["location"] == []


def test_photo_notes_and_view_adjustments(new_case: CaseFile, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.ops.photos import set_photo_notes, set_view_adjustments
    from tests.unit.investigation_fixtures import add_photo

    photo = add_photo(new_case, tmp_path)
    original = new_case.originals.path_for(case_state(new_case)["photo"][0]["sha256"], "jpg")
    data = original.read_bytes()
    set_view_adjustments(new_case, photo_id=photo,
                         adjustments={"contrast": 40, "invert": True, "gamma": 1.0})
    set_photo_notes(new_case, photo_id=photo, notes="stencil faded, Շուշի")
    row = case_state(new_case)["photo"][0]
    assert row["view_adjustments"] == {"contrast": 40, "invert": True}
    assert row["notes"] == "stencil faded, Շուշի"
    with pytest.raises(ValidationError, match=r"view_adjustments\.contrast: must be between"):
        set_view_adjustments(new_case, photo_id=photo, adjustments={"contrast": 400})
    with pytest.raises(ValidationError, match=r"view_adjustments\.blur: unknown"):
        set_view_adjustments(new_case, photo_id=photo, adjustments={"blur": 1})
    assert original.read_bytes() == data
