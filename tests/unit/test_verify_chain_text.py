"""The chain check hashes the stored JSON text when it is canonical, and decodes it when not."""

from __future__ import annotations

import sqlite3

from desktop.core.audit import verify_chain
from desktop.core.casefile import CaseFile
from desktop.core.verify import verify_case


def _events(case: CaseFile) -> None:
    with case.write_session() as s:
        # stored text canonical: checked from the text itself
        case.audit(s, "test.plain", "case", 1, {"after": {"x": 1, "name": "Бахмут"}})
        # a real number that Python writes unlike RFC 8785 (1e-07 / 1e-7), a non-ASCII key,
        # a number only RFC 8785 writes exactly: decoded and re-encoded
        case.audit(s, "test.real", "case", 2, {"after": {"x": 1e-7, "é": 2.5, "big": 1e21}})
        # text the fast path must quote as the encoder does
        case.audit(s, 'test "q" \\ \t \u2028 \x7f', "case", 3, {})


def test_plain_and_real_number_events_verify(new_case: CaseFile) -> None:
    _events(new_case)
    with new_case.read_session() as s:
        count, problems = verify_chain(s)
    assert count == 4 and problems == []
    assert verify_case(new_case).ok


def test_details_or_time_that_do_not_decode_are_a_finding_not_a_crash(new_case: CaseFile) -> None:
    _events(new_case)
    raw = sqlite3.connect(new_case.root / "case.sqlite")
    raw.execute("""UPDATE audit_event SET details='{"after":' WHERE action='test.plain'""")
    raw.execute("""UPDATE audit_event SET details='{"after":{"x":1e-6}}'
                   WHERE action='test.real'""")
    raw.execute("""UPDATE audit_event SET at='yesterday' WHERE action LIKE 'test "q"%'""")
    raw.commit()
    raw.close()
    with new_case.read_session() as s:
        _, problems = verify_chain(s)
    assert [p.detail for p in problems] == ["content does not match its hash"] * 3


def test_a_time_written_another_way_for_the_same_moment_still_verifies(
        new_case: CaseFile) -> None:
    """Stored text that is not what was hashed, but means the same: the careful path."""
    _events(new_case)
    raw = sqlite3.connect(new_case.root / "case.sqlite")
    raw.execute("UPDATE audit_event SET at = replace(at, '+00:00', 'Z')")
    assert raw.total_changes > 0
    raw.commit()
    raw.close()
    with new_case.read_session() as s:
        count, problems = verify_chain(s)
    assert count == 4 and problems == []

