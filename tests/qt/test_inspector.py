"""The inspector: properties as undo steps, live catalog match, links to claims."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core.ops.annotation_commands import CreateAnnotation
from desktop.core.ops.investigation_commands import CreateClaim
from desktop.core.queries.investigation import get_annotation, links_of_annotation
from desktop.qt.actions import ActionId
from desktop.qt.undo import push_command
from tests.qt.conftest import orientation6_photo, pick
from tests.qt.test_annotate_flow import _import


def _annotated(qtbot, window, tmp_path) -> int:  # type: ignore[no-untyped-def]
    _import(qtbot, window, [orientation6_photo(tmp_path)])
    qtbot.waitUntil(lambda: window.canvas.photo is not None, timeout=10000)
    command = CreateAnnotation(photo_id=window.canvas.photo.id, shape_type="rect",
                               geometry={"x": 10, "y": 20, "w": 80, "h": 40})
    push_command(window.ctx, command)
    annotation_id = command.created_id
    window.ctx.bus.annotation_selected.emit(annotation_id)
    return annotation_id


def _get(window, annotation_id: int):  # type: ignore[no-untyped-def]
    with window.ctx.case.read_session() as session:
        return get_annotation(session, annotation_id)


def test_kind_confidence_notes_are_each_one_undo_step(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    aid = _annotated(qtbot, window, tmp_path)
    inspector = window.inspector
    assert window.view.canvas.selected_id == aid  # selection reached the canvas too
    assert window.annotation_list.selected_id() == aid
    box = inspector.kind_box
    pick(qtbot, box, "lot_number")
    assert _get(window, aid).kind == "lot_number"
    assert window.view.canvas.items_by_id[aid].kind == "lot_number"
    conf = inspector.confidence_box
    pick(qtbot, conf, "probable")
    inspector.notes.setFocus()
    qtbot.keyClicks(inspector.notes, "paint over rust")
    inspector.transcription.setFocus()  # leaving the notes box saves them
    assert _get(window, aid).notes == "paint over rust"
    undo = window.registry[ActionId.UNDO]
    assert "notes" in undo.text()
    undo.trigger()
    assert _get(window, aid).notes == "" and inspector.notes.toPlainText() == ""
    undo.trigger()
    assert _get(window, aid).confidence == "possible"
    assert inspector.confidence_box.currentData() == "possible"
    undo.trigger()
    assert _get(window, aid).kind == "other"


def test_live_marking_normalisation_and_no_match(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _annotated(qtbot, window, tmp_path)
    field = window.inspector.transcription
    field.setFocus()
    field.insert("9м 723")  # Cyrillic м and a space (QTest cannot type non-Latin keys)
    assert window.inspector.marking_label.text() == "9M723"
    assert "Iskander" in window.inspector.match_label.text()
    field.clear()
    qtbot.keyClicks(field, "ZZ-0000")
    assert window.inspector.match_label.text() == "No catalog match."


def test_link_to_claim_with_stance_and_undo(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    claim = CreateClaim(statement="Armenia did not use Iskander missiles in the conflict.")
    push_command(window.ctx, claim)
    aid = _annotated(qtbot, window, tmp_path)
    window.registry[ActionId.LINK_TO_CLAIM].trigger()
    dialog = window.inspector.link_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.select_claim(claim.created_id)
    dialog.set_stance("contradicts")
    dialog.rationale.setPlainText("The index 9M723 is an Iskander-M missile.")
    dialog.accept()
    with window.ctx.case.read_session() as session:
        links = links_of_annotation(session, aid)
    assert [(link.to_ref.id, link.stance) for link in links] == [(claim.created_id,
                                                                   "contradicts")]
    assert window.inspector.link_list.count() == 1
    assert window.inspector.link_list.item(0).text().startswith("contradicts")
    window.registry[ActionId.UNDO].trigger()
    assert window.inspector.link_list.count() == 0
    window.registry[ActionId.REDO].trigger()
    item = window.inspector.link_list.item(0)
    with qtbot.waitSignal(window.ctx.bus.claim_selected) as blocker:
        links = window.inspector.link_list  # Enter on a link opens the linked claim
        links.setFocus()
        qtbot.keyClick(links, Qt.Key.Key_Home)
        assert links.currentItem() is item
        qtbot.keyClick(links, Qt.Key.Key_Return)
    assert blocker.args == [claim.created_id]
    window.inspector.link_list.setCurrentRow(0)
    window.inspector.unlink_button.click()
    assert window.inspector.link_list.count() == 0


def test_closing_the_case_keeps_a_reading_still_being_typed(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.casefile import CaseFile

    aid = _annotated(qtbot, window, tmp_path)
    field = window.inspector.transcription
    field.setFocus()
    qtbot.keyClicks(field, "9M723")
    window.inspector.notes.setPlainText("typed, never left the box")
    root = window.ctx.case.root
    window.close_case()
    with CaseFile.open(root) as case, case.read_session() as session:
        saved = get_annotation(session, aid)
    assert saved.transcription == "9M723"
    assert saved.notes == "typed, never left the box"


def test_long_notes_are_shown_from_their_first_line(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    aid = _annotated(qtbot, window, tmp_path)
    inspector = window.inspector
    inspector.notes.setFocus()
    long_notes = " ".join(f"Sentence {n} of what was seen on the fragment." for n in range(1, 16))
    qtbot.keyClicks(inspector.notes, long_notes)  # typing leaves the box scrolled down
    inspector.transcription.setFocus()
    bar = inspector.notes.verticalScrollBar()
    bar.setValue(bar.maximum())  # read down to the end
    assert bar.value() > 0
    other = CreateAnnotation(photo_id=window.canvas.photo.id, shape_type="rect",
                             geometry={"x": 100, "y": 20, "w": 40, "h": 40})
    push_command(window.ctx, other)
    window.ctx.bus.annotation_selected.emit(other.created_id)
    window.ctx.bus.annotation_selected.emit(aid)
    qtbot.wait(50)
    assert inspector.notes.verticalScrollBar().value() == 0
    assert inspector.notes.toPlainText() == long_notes
