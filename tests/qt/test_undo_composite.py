"""The Qt undo stack and composite commands: a failing step pushes nothing and saves nothing;
an undo that cannot finish changes nothing in the database."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models import AuditEvent, Location
from desktop.core.commands import CompositeCommand
from desktop.core.ops.investigation_commands import CreateLocation, DeleteLocation
from desktop.qt.undo import push_command
from tests.qt.panels_helpers import panel_ctx  # noqa: F401
from tests.unit.investigation_fixtures import case_state

SHUSHA_1 = "39°45'38.10\"N 46°44'33.90\"E"
SHUSHA_2 = "39°45'27.80\"N 46°45'25.80\"E"


def _events(ctx) -> int:  # type: ignore[no-untyped-def]
    with ctx.case.read_session() as session:
        return int(session.scalar(select(func.count(AuditEvent.id))) or 0)


def test_failing_composite_is_not_pushed_and_saves_nothing(qtbot, panel_ctx) -> None:  # noqa: F811
    changes: list[object] = []
    panel_ctx.bus.changes_applied.connect(changes.append)
    before, events = case_state(panel_ctx.case), _events(panel_ctx)
    command = CompositeCommand("Create 2 locations from source", [
        CreateLocation(coordinates=SHUSHA_1), CreateLocation(coordinates="46°N 200°E")])
    wrapper = push_command(panel_ctx, command)
    assert wrapper.error is not None and "180" in str(wrapper.error)
    assert panel_ctx.undo_stack.count() == 0
    assert not panel_ctx.undo_stack.canUndo()
    assert case_state(panel_ctx.case) == before
    assert _events(panel_ctx) == events
    assert changes == []  # nothing was broadcast either


def test_composite_undo_redo_through_the_stack(qtbot, panel_ctx) -> None:  # noqa: F811
    first, second = CreateLocation(coordinates=SHUSHA_1), CreateLocation(coordinates=SHUSHA_2)
    wrapper = push_command(panel_ctx, CompositeCommand("Create 2 locations", [first, second]))
    assert wrapper.error is None and panel_ctx.undo_stack.count() == 1
    stack = panel_ctx.undo_stack
    stack.undo()
    with panel_ctx.case.read_session() as session:
        assert session.scalar(select(func.count(Location.id))) == 0
    stack.redo()
    with panel_ctx.case.read_session() as session:
        assert session.scalar(select(func.count(Location.id))) == 2

    # someone else deletes the first location: undoing the composite cannot finish, and
    # the second location must not be deleted on its own
    DeleteLocation(first.created_id).redo(panel_ctx.case)  # type: ignore[arg-type]
    before, events = case_state(panel_ctx.case), _events(panel_ctx)
    stack.undo()
    assert wrapper.error is not None
    assert case_state(panel_ctx.case) == before
    assert _events(panel_ctx) == events
    # the step that could not be undone left the stack: nothing claims to redo it
    assert stack.count() == 0 and not stack.canRedo()
