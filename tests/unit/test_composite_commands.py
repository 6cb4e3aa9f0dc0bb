"""A composite command (several locations at once, a link with a new claim) is all or
nothing: its redo and its undo each run as one write transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from sqlalchemy import event, select

from db.models import AuditEvent, Claim, Location
from desktop.core.casefile import CaseFile
from desktop.core.changes import Ref
from desktop.core.commands import CompositeCommand
from desktop.core.errors import FragmentError
from desktop.core.ops.annotations import create_annotation
from desktop.core.ops.claims import create_claim
from desktop.core.ops.investigation_commands import (
    CreateClaim,
    CreateLink,
    CreateLocation,
    DeleteLocation,
)
from tests.unit.investigation_fixtures import add_photo, audit_count, case_state

SHUSHA_1 = "39°45'38.10\"N 46°44'33.90\"E"
SHUSHA_2 = "39°45'27.80\"N 46°45'25.80\"E"


@contextmanager
def write_transactions(case: CaseFile) -> Iterator[list[str]]:
    """Record every transaction begun on the case's engine (``BEGIN IMMEDIATE`` = write)."""
    seen: list[str] = []

    def on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        seen.append("read" if conn.get_execution_options().get("fragment_readonly")
                    else "write")

    event.listen(case.engine, "begin", on_begin)
    try:
        yield seen
    finally:
        event.remove(case.engine, "begin", on_begin)


def audit_hashes(case: CaseFile) -> list[str]:
    with case.read_session() as session:
        return list(session.scalars(select(AuditEvent.hash).order_by(AuditEvent.id)))


def test_failing_second_location_leaves_nothing_behind(new_case: CaseFile) -> None:
    command = CompositeCommand("Create 2 locations from source", [
        CreateLocation(coordinates=SHUSHA_1, kind="claimed"),
        CreateLocation(coordinates="91°N 46°E", kind="claimed"),  # latitude beyond ±90
    ])
    before, events = case_state(new_case), audit_hashes(new_case)
    with pytest.raises(FragmentError, match="90"):
        command.redo(new_case)
    assert case_state(new_case) == before
    assert audit_hashes(new_case) == events
    # and the command did not keep a half-done memory: undo has nothing to remove
    assert command.children[0].created_id is None  # type: ignore[attr-defined]


def test_link_with_a_claim_that_cannot_be_created_leaves_nothing(
    new_case: CaseFile, tmp_path: Path
) -> None:
    photo = add_photo(new_case, tmp_path)
    ann, _ = create_annotation(new_case, photo_id=photo, shape_type="point",
                               geometry={"x": 5, "y": 5}, transcription="9М723")
    claim, _ = create_claim(new_case, statement="Armenia used Iskander")
    command = CompositeCommand("Link annotation to new claim", [
        CreateLink(from_ref=Ref("annotation", ann), to_ref=Ref("claim", claim),
                   stance="supports"),
        CreateClaim(statement="   "),  # an empty statement is refused
    ])
    before, events = case_state(new_case), audit_hashes(new_case)
    with pytest.raises(FragmentError):
        command.redo(new_case)
    assert case_state(new_case) == before
    assert audit_hashes(new_case) == events


def test_composite_redo_and_undo_are_each_one_write_transaction(new_case: CaseFile) -> None:
    command = CompositeCommand("Create 2 locations", [
        CreateLocation(coordinates=SHUSHA_1), CreateLocation(coordinates=SHUSHA_2)])
    start = audit_count(new_case)
    with write_transactions(new_case) as seen:
        command.redo(new_case)
    assert seen.count("write") == 1
    assert audit_count(new_case) == start + 2  # every child still audited
    with new_case.read_session() as session:
        assert len(session.scalars(select(Location)).all()) == 2
    with write_transactions(new_case) as seen:
        command.undo(new_case)
    assert seen.count("write") == 1
    with new_case.read_session() as session:
        assert session.scalars(select(Location)).all() == []
    with write_transactions(new_case) as seen:
        command.redo(new_case)  # restores the same two locations
    assert seen.count("write") == 1
    with new_case.read_session() as session:
        assert sorted(loc.label for loc in session.scalars(select(Location))) == ["L1", "L2"]


def test_failing_undo_of_a_composite_changes_nothing(new_case: CaseFile) -> None:
    first, second = CreateLocation(coordinates=SHUSHA_1), CreateLocation(coordinates=SHUSHA_2)
    command = CompositeCommand("Create 2 locations", [first, second])
    command.redo(new_case)
    # someone deletes the first location meanwhile: undoing the composite cannot finish
    DeleteLocation(first.created_id).redo(new_case)  # type: ignore[arg-type]
    before, events = case_state(new_case), audit_hashes(new_case)
    with pytest.raises(FragmentError, match="no longer exists"):
        command.undo(new_case)
    assert case_state(new_case) == before  # the second location was not deleted either
    assert audit_hashes(new_case) == events
    # the command's memory is unchanged too: a later undo still knows the second location
    assert second.created_id is not None
    with new_case.read_session() as session:
        assert session.get(Location, second.created_id) is not None


def test_nested_failure_inside_an_outer_transaction_dooms_it(new_case: CaseFile) -> None:
    """A step whose error was swallowed must not let the rest commit half-done."""
    before = case_state(new_case)
    with pytest.raises(FragmentError):
        with new_case.write_session():
            create_claim(new_case, statement="kept?")
            with suppress(FragmentError):
                create_claim(new_case, statement="")
    assert case_state(new_case) == before
    with new_case.read_session() as session:
        assert session.scalars(select(Claim)).all() == []
