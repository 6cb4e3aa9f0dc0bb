"""Finding coordinates and markings in text, starting with the seed news article."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.catalog import default_catalog
from desktop.core.geo import distance_m
from desktop.core.markings import CatalogItem
from desktop.core.scan import find_coordinates, find_markings, scan_text
from tests.conftest import ARTICLE

SITE_1 = (39 + 45 / 60 + 38.10 / 3600, 46 + 44 / 60 + 33.90 / 3600)
SITE_2 = (39 + 45 / 60 + 27.80 / 3600, 46 + 45 / 60 + 25.80 / 3600)


@pytest.fixture
def article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def test_seed_article(article: str) -> None:
    result = scan_text(article)
    assert len(result.coordinates) == 2
    for found, site in zip(result.coordinates, (SITE_1, SITE_2), strict=True):
        assert article[found.start:found.end] == found.text
        assert found.notation == "dms"
        assert distance_m(found.lat, found.lon, *site) < 0.5
        assert found.text.startswith("39 °") and found.text.endswith("E")
    assert [m.normalized for m in result.markings] == ["9M723", "9M723"]
    for m in result.markings:
        assert article[m.start:m.end] == m.text
        assert [c.code for c in m.matches] == ["9M723"]
        assert m.matches[0].system.startswith("Iskander")


def test_lot_numbers_dates_prices_and_years_are_not_found() -> None:
    text = (
        "Lot 27-18, batch 0412, serial 0012345; made 1987; 15 March 2021 (2021-03-15); "
        "price 1,500,000 rubles or 12.50 EUR; between 10, 20 people; in 2020, 2021; "
        "a 3 x 22 mm part; 10% did not explode; 9K720 launcher; page 12.5."
    )
    result = scan_text(text)
    assert result.coordinates == ()
    assert result.markings == ()


@pytest.mark.parametrize(
    ("text", "notation"),
    [
        ("at 39.760583, 46.742750 today", "decimal"),
        ("at N 39°45.635' E 46°44.565' today", "ddm"),
        ("grid 38S PK 49283 02637 today", "mgrs"),
        ("grid 38SPK4928302637.", "mgrs"),
        ("see https://www.openstreetmap.org/#map=17/39.76058/46.74275.", "osm_link"),
        ("see (https://www.google.com/maps/@39.7605833,46.74275,17z)", "google_link"),
        ("в точке 39°45′38″ с. ш. 46°44′34″ в. д. найдены", "dms"),
        ("у точці 39°45′38″ пн. ш. 46°44′34″ сх. д. знайдено", "dms"),
        ("46°44'33.9\"E, 39°45'38.1\"N.", "dms"),
    ],
)
def test_coordinates_in_prose(text: str, notation: str) -> None:
    (found,) = find_coordinates(text)
    assert found.notation == notation
    assert text[found.start:found.end] == found.text
    assert distance_m(found.lat, found.lon, *SITE_1) < 40


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("the index 9М723 was read", "9M723"),  # Cyrillic М
        ("stencil 9 M 723 on the motor", "9M723"),
        ("stencil 9M-723 on the motor", "9M723"),
        ("a 9M723K1 missile", "9M723"),
        ("Х-101 debris", "Kh-101"),
        ("a Kh-101 cruise missile", "Kh-101"),
        ("9М79-1 tail", "9M79-1"),
        ("cassette 9Н235 found", "9N235"),
        ("drone Герань-2 wreck", "Shahed-136"),
        ("(M30A1)", "M30"),
    ],
)
def test_markings_in_prose(text: str, code: str) -> None:
    (found,) = find_markings(text)
    assert [m.code for m in found.matches] == [code]
    assert text[found.start:found.end] == found.text


def test_case_entries_are_found_too() -> None:
    catalog = default_catalog().with_entries([CatalogItem(code="ZZ-9", system="Test", user=True)])
    assert find_markings("a ZZ 9 stencil") == ()
    (found,) = find_markings("a ZZ 9 stencil", catalog)
    assert found.matches[0].user


def test_a_large_text_finds_everything(article: str) -> None:
    # Speed is not asserted here (shared machines are noisy); that the scanner stays linear
    # is pinned by counting parser calls in this file.
    big = article * 300  # about 1 MB
    result = scan_text(big)
    assert len(result.coordinates) == 600 and len(result.markings) == 600


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_scans_without_error(text: str) -> None:
    result = scan_text(text)
    for item in (*result.coordinates, *result.markings):
        assert text[item.start:item.end] == item.text


def _count_parses(monkeypatch: pytest.MonkeyPatch, text: str) -> int:
    """How many candidate strings the scanner hands to the real coordinate parser."""
    import desktop.core.scan as scan_module

    calls = 0
    real = scan_module.parse_coordinates

    def counting(candidate: str):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return real(candidate)

    monkeypatch.setattr(scan_module, "parse_coordinates", counting)
    scan_text(text)
    return calls


def test_long_runs_of_numbers_stay_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pasted table or price list must not make the scan quadratic (it once took minutes)."""
    assert _count_parses(monkeypatch, "1 2 " * 5000) == 0  # no mark, letter or decimals
    small = _count_parses(monkeypatch, "1.5 N 2 " * 250)
    large = _count_parses(monkeypatch, "1.5 N 2 " * 1000)
    assert large <= 4.5 * small  # grows with the text, not with its square
    assert large <= 10 * 2 * 1000  # under ten tries per number (measured: about eight)
