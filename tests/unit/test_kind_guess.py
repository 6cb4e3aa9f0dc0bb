"""The kind a reading suggests for a new annotation."""

from __future__ import annotations

import pytest

from desktop.core.catalog import default_catalog
from desktop.core.kind_guess import propose_kind


@pytest.mark.parametrize(("reading", "kind"), [
    ("9М723", "index_code"),  # Cyrillic М: the catalog folds look-alikes
    ("9m 723", "index_code"),
    ("9M723K1", "index_code"),  # a suffix the catalog does not list
    ("Х-101", "index_code"),
    ("08-20 № 00317", "lot_number"),
    ("08-2? № 0031?", "lot_number"),
    ("lot 12", "lot_number"),
    ("партия 7", "lot_number"),
    ("1234567", "serial_number"),
    ("10 cm", None),
    ("Made in USSR", None),
    ("0031", None),
    ("", None),
])
def test_a_reading_suggests_a_kind(reading: str, kind: str | None) -> None:
    assert propose_kind(reading, default_catalog()) == kind


def test_without_a_catalog_no_index_code_is_guessed() -> None:
    assert propose_kind("9M723", None) is None
