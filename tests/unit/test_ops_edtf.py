"""The EDTF validator for claims' ``about_when``."""

from __future__ import annotations

import pytest

from desktop.core.errors import ValidationError
from desktop.core.ops.edtf import validate_edtf


@pytest.mark.parametrize("text", [
    "2021", "2021-03", "2021-03-15", "2020-23", "2020-21", "2020-24", "2020-09-27/2020-11-10",
    "2020-23/2020-11-10", "../2020-11-10", "2020-09-27/..", "2020-09-27/", "/2021",
    "2021-03-15?", "2020-11~", "2020%", "2021-03-15T08:30:00Z", "2021-03-15T08:30:00+04:00",
    "2020-02-29", "", "202X", "20XX", "2020-XX", "2020-11-XX", "2020-XX-XX", "201X/2021",
])
def test_accepted(text: str) -> None:
    assert validate_edtf(f" {text} ") == text


@pytest.mark.parametrize(("text", "reason"), [
    ("2021-13", "month must be 01-12"),
    ("2021-02-30", "not a real calendar date"),
    ("2019-02-29", "not a real calendar date"),
    ("autumn 2020", "not an EDTF date"),
    ("15/03/2021", "looks like day/month/year"),
    ("2020-11-10/2020-09-27", "ends before it starts"),
    ("../..", "at least one known end"),
    ("2020/2021/2022", "more than one"),
    ("2021-03-15T25:00:00", "not a real date and time"),
    ("2020-25", "month must be 01-12"),
    ("2020-13-XX", "month must be 01-12"),
    ("202X-05", "needs a known year"),
    ("2020-XX-05", "needs a known month"),
    ("2021/201X", "ends before it starts"),
])
def test_refused(text: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason) as info:
        validate_edtf(text, "claims[0].about_when")
    assert info.value.path == "claims[0].about_when"
