"""Photo provenance in the GUI: the inspector's editor and the Import dialog, driven by
keyboard and mouse as a user would."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from db.models import Photo
from desktop.core.ops.investigation_commands import CreateSource
from desktop.qt.actions import ActionId
from desktop.qt.undo import push_command
from tests.qt.conftest import orientation6_photo
from tests.qt.test_annotate_flow import _import
from tests.unit.investigation_fixtures import audit_count


def _row(window, photo_id: int) -> Photo:  # type: ignore[no-untyped-def]
    with window.ctx.case.read_session() as session:
        row = session.get(Photo, photo_id)
        assert row is not None
        return row


def _type(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click into a field, select what is there, type, press Enter."""
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def _choose(qtbot, combo, text: str) -> None:  # type: ignore[no-untyped-def]
    """Move through a closed combo box with the arrow keys until ``text`` shows."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def test_inspector_edits_provenance_one_undo_step_each(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, report = _import(qtbot, window, [orientation6_photo(tmp_path)])
    photo_id = report.results[0].photo_id
    push_command(window.ctx, CreateSource(title="ANAMA press release"))
    editor = window.inspector.provenance
    qtbot.waitUntil(lambda: editor.photo is not None and editor.photo.id == photo_id,
                    timeout=10000)
    assert editor.source.count() == 2  # none + S1
    steps = window.ctx.undo_stack.count()

    _type(qtbot, editor.edits["provided_by"], "ANAMA press office")
    assert _row(window, photo_id).provided_by == "ANAMA press office"
    assert window.registry[ActionId.UNDO].text().endswith("Edit photo provenance")
    _type(qtbot, editor.edits["taken_by"], "ANAMA deminer")
    _choose(qtbot, editor.acquisition, "received from someone")
    assert _row(window, photo_id).acquisition.value == "received"
    _choose(qtbot, editor.source, "S1 — ANAMA press release")
    assert _row(window, photo_id).source_id is not None

    # refused input: one sentence under the fields, nothing stored, no undo step
    before_events, before_steps = audit_count(window.ctx.case), window.ctx.undo_stack.count()
    _type(qtbot, editor.edits["obtained_at"], "2021-03-16T10:15:00")
    assert editor.error.isVisible()
    assert editor.error.text().startswith("Obtained at: needs a time zone")
    assert editor.error.text().endswith("(not saved).")
    _type(qtbot, editor.edits["original_url"], "ftp://anama.gov.az/a.jpg")
    assert "http:// or https://" in editor.error.text()
    assert _row(window, photo_id).obtained_at is None
    assert _row(window, photo_id).original_url == ""
    assert audit_count(window.ctx.case) == before_events
    assert window.ctx.undo_stack.count() == before_steps

    _type(qtbot, editor.edits["original_url"], "https://anama.gov.az/news/1")
    _type(qtbot, editor.edits["obtained_at"], "2021-03-16T10:15:00+04:00")
    assert not editor.error.isVisible()
    assert _row(window, photo_id).obtained_at == datetime(2021, 3, 16, 6, 15, tzinfo=UTC)
    assert editor.edits["obtained_at"].text() == "2021-03-16T06:15:00Z"
    assert window.ctx.undo_stack.count() == steps + 6

    editor.edits["taken_by"].setFocus()
    window.grab().save("/tmp/provenance-shot.png")

    undo = window.registry[ActionId.UNDO]
    undo.trigger()
    assert _row(window, photo_id).obtained_at is None
    assert editor.edits["obtained_at"].text() == ""
    undo.trigger()
    assert _row(window, photo_id).original_url == ""
    undo.trigger()
    assert _row(window, photo_id).source_id is None
    assert editor.source.currentText() == "none"
    undo.trigger()
    assert _row(window, photo_id).acquisition.value == "unknown"
    undo.trigger()
    undo.trigger()
    assert _row(window, photo_id).provided_by == ""
    assert editor.edits["provided_by"].text() == ""
    window.registry[ActionId.REDO].trigger()
    assert _row(window, photo_id).provided_by == "ANAMA press office"
    assert editor.edits["provided_by"].text() == "ANAMA press office"


def test_import_dialog_records_provenance(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    push_command(window.ctx, CreateSource(title="Telegram channel post"))
    dialog = window.start_import([orientation6_photo(tmp_path)])
    form = dialog.provenance
    assert not form.body.isVisible()  # folded until asked for
    dialog.grab().save("/tmp/provenance-import-folded.png")
    qtbot.mouseClick(form.toggle, Qt.MouseButton.LeftButton)
    assert form.body.isVisible()
    qtbot.keyClicks(form.provided_by, "A resident of Shusha")
    _choose(qtbot, form.acquisition, "downloaded")
    qtbot.keyClicks(form.url, "https://t.me/example/42")
    qtbot.keyClicks(form.obtained_at, "2021-03-17 09:00")  # no offset: refused
    _choose(qtbot, form.source, "S1 — Telegram channel post")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.job is None and form.error.isVisible()
    assert form.error.text() == ("Obtained at: needs a time zone: add Z for UTC or an offset, "
                                 "as in 2021-03-16T09:30:00+04:00 (nothing was imported).")
    assert window.browser.model.total() == 0
    form.obtained_at.selectAll()
    qtbot.keyClicks(form.obtained_at, "2021-03-17T09:00Z")
    dialog.grab().save("/tmp/provenance-import.png")
    with qtbot.waitSignal(dialog.finished_import, timeout=60000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    photo_id = blocker.args[0].results[0].photo_id
    row = _row(window, photo_id)
    assert (row.provided_by, row.acquisition.value, row.original_url) == (
        "A resident of Shusha", "downloaded", "https://t.me/example/42")
    assert row.obtained_at == datetime(2021, 3, 17, 9, 0, tzinfo=UTC)
    assert row.source_id is not None
    dialog.close()


def test_cancelling_the_import_dialog_before_it_starts_imports_nothing(qtbot, window,
                                                                      tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = window.start_import([orientation6_photo(tmp_path)])
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.job is None
    assert window.browser.model.total() == 0


def test_provenance_stays_visible_under_a_selected_annotation(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.ops.annotation_commands import CreateAnnotation

    _, report = _import(qtbot, window, [orientation6_photo(tmp_path)])
    inspector = window.inspector
    assert not inspector.annotation_body.isVisible()  # nothing selected: provenance first
    command = CreateAnnotation(photo_id=report.results[0].photo_id, shape_type="rect",
                               geometry={"x": 10, "y": 20, "w": 80, "h": 40})
    push_command(window.ctx, command)
    window.ctx.bus.annotation_selected.emit(command.created_id)
    assert inspector.annotation_body.isVisible() and inspector.provenance.isVisible()
    assert inspector.provenance.edits["provided_by"].isEnabled()
    qtbot.wait(100)  # let the dock's scroll area lay out the unfolded fields
    kind = inspector.kind_box
    assert kind.height() >= kind.minimumSizeHint().height()  # nothing squashed
    window.grab().save("/tmp/provenance-shot-annotation.png")
