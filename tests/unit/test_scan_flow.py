"""The scanner reads text as PDFs and narrow columns give it: pairs broken across lines,
hyphenated words, runs of spaces, soft hyphens, pages separated by form feeds; and it
reports the page, line and a short quotation of each finding."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.scan import find_coordinates, scan_text


def test_a_decimal_pair_on_two_lines() -> None:
    text = "Debris was found\nat 50.45012,\n30.52340. Nothing else."
    (found,) = find_coordinates(text)
    assert (found.lat, found.lon) == (50.45012, 30.5234)
    assert text[found.start:found.end] == found.text == "50.45012,\n30.52340"
    assert found.page is None and found.line == 2
    assert found.quote == "Debris was found at 50.45012, 30.52340. Nothing else."


@pytest.mark.parametrize(
    "text",
    [
        "at 50.45012 ,   30.52340 today",  # PDF spacing
        "at 50.45012,\u00a0\u00a030.52340 today",
        "at 50.45\u00ad012, 30.52340 today",  # a soft hyphen inside the number
        "at 50.45012,\r\n   30.52340 today",
        "at N 50°27'\n03\" E 30°31'\n24.2\" today",
        "at 50-27-\n03N 30-31-24E today",  # a hyphenated notation broken after a hyphen
    ],
)
def test_spacing_and_breaks(text: str) -> None:
    (found,) = find_coordinates(text)
    assert found.lat == pytest.approx(50.45, abs=0.001)
    assert found.lon == pytest.approx(30.523, abs=0.001)
    assert text[found.start:found.end] == found.text


def test_hyphenated_marking_and_pages() -> None:
    text = ("Page one mentions nothing.\n\fThe remains of a Kh-\n101 missile and\n"
            "a 9Н235 submunition lay at 48.51 С,\n35.04 В.\n\fLast page.")
    result = scan_text(text)
    (coordinate,) = result.coordinates
    assert (coordinate.lat, coordinate.lon, coordinate.page, coordinate.line) == (
        48.51, 35.04, 2, 3)
    assert coordinate.quote.endswith("lay at 48.51 С, 35.04 В.")
    kh, n235 = result.markings
    assert (kh.page, kh.line, kh.display, kh.matches[0].code) == (2, 1, "Kh-101", "Kh-101")
    assert text[kh.start:kh.end] == "Kh-\n101"
    assert (n235.page, n235.line, n235.display, n235.normalized) == (2, 3, "9N235", "9H235")
    assert "Last page" not in n235.quote and "Page one" not in n235.quote


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("notes: 47d12.500'S 30d31.200'W, then", -47.208333, -30.52),
        ("notes: 12d 04m 33s N 30d 10m 5s E, then", 12.075833, 30.168056),
        ("поле: 48.51 Ю, 35.04 З, далее", -48.51, -35.04),
        ("at - 31.2041, 150.3123 then", -31.2041, 150.3123),
        ("at 50-27-03S 30-31-24W then", -50.450833, -30.523333),
        ("في ٣٣٫٨٩٠ جنوباً، ٣٥٫٥٠٠ غرباً وفق", -33.89, -35.5),
        ("در ۳۵٫۶۸۰ شمالی ۵۱٫۳۹۰ شرقی است", 35.68, 51.39),
    ],
)
def test_field_note_notations_in_prose(text: str, lat: float, lon: float) -> None:
    (found,) = find_coordinates(text)
    assert (found.lat, found.lon) == pytest.approx((lat, lon), abs=1e-5)
    assert text[found.start:found.end] == found.text


_words = st.sampled_from(["the", "site", "at", "50.45012,", "30.52340", "9М723", "and",
                          "Kh-101", "48°30'N", "35°02'E", "—", "1,500", "2021"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_words, min_size=1, max_size=30),
       st.lists(st.sampled_from([" ", "\n", "  ", " \n ", "\r\n", "\u00a0"]), min_size=30,
                max_size=30))
def test_line_breaks_find_what_spaces_find(words: list[str], gaps: list[str]) -> None:
    """Wherever the lines break, the same things are found as on one line."""
    one_line = " ".join(words)
    broken = "".join(w + g for w, g in zip(words, gaps, strict=False)).strip()
    a, b = scan_text(one_line), scan_text(broken)
    assert [(c.lat, c.lon) for c in a.coordinates] == [(c.lat, c.lon) for c in b.coordinates]
    assert [m.normalized for m in a.markings] == [m.normalized for m in b.markings]
    for item in (*b.coordinates, *b.markings):
        assert broken[item.start:item.end] == item.text


def test_lower_case_cyrillic_prepositions_are_not_hemispheres_in_prose() -> None:
    assert scan_text("встреча 2 с 3 в понедельник; 48.51234 с 35.04321 в поле").coordinates == ()
