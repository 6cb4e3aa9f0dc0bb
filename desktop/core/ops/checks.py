"""Reviewing a verification finding: the investigator marks it reviewed, with a note.

Only the review is editable; the finding itself is what the checks computed. Each review is
an audited change, and undoable from the GUI (``review_command``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from db.models import CheckFinding, Photo
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes, Ref
from desktop.core.errors import UserError
from desktop.core.ops.undoable import EntityVerbs, UpdateCommand

MAX_NOTE = 4000


def review_finding(case: CaseFile, finding_id: int, values: Mapping[str, Any]) -> Changes:
    """Set ``reviewed`` (bool) and/or ``review_note`` (text) on a finding, audited."""
    unknown = set(values) - {"reviewed", "review_note"}
    if unknown:
        raise UserError(f"a finding's review has no field {sorted(unknown)[0]}")
    note = values.get("review_note")
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE):
        raise UserError(f"a review note must be text of at most {MAX_NOTE} characters")
    with case.write_session() as session:
        row = session.get(CheckFinding, finding_id)
        if row is None:
            raise UserError(f"there is no finding with id {finding_id}")
        before = {"reviewed": bool(row.reviewed), "review_note": row.review_note}
        if "reviewed" in values:
            row.reviewed = bool(values["reviewed"])
        if note is not None:
            row.review_note = note.strip()
        after = {"reviewed": bool(row.reviewed), "review_note": row.review_note}
        if after == before:
            return Changes()
        photo = session.get(Photo, row.photo_id)
        session.flush()
        case.audit(session, "finding.review", "check_finding", row.id, {
            "photo": photo.label if photo else None, "kind": row.kind,
            "before": before, "after": after})
    return Changes.of(updated=[Ref("check_finding", finding_id)])


def _current(case: CaseFile, finding_id: int) -> dict[str, Any]:
    with case.read_session() as session:
        row = session.get(CheckFinding, finding_id)
        if row is None:
            raise UserError(f"there is no finding with id {finding_id}")
        return {"reviewed": bool(row.reviewed), "review_note": row.review_note}


FINDING_VERBS = EntityVerbs("finding", CheckFinding, review_finding, current=_current)


def review_command(finding_id: int, *, reviewed: bool, note: str) -> UpdateCommand:
    """The undoable form of a review."""
    return UpdateCommand("Review finding", FINDING_VERBS, finding_id, None,
                         {"reviewed": reviewed, "review_note": note})
