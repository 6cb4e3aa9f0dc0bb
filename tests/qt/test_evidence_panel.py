"""The Evidence view: claims as rows, evidence lines with crop, reading, stance and why;
the stance filter, navigation, and removing a link."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.changes import Ref
from desktop.core.ops.investigation_commands import CreateActor, CreateClaim, CreateLink
from desktop.core.queries.evidence import evidence_matrix
from desktop.qt.panels.evidence_panel import EvidencePanel
from desktop.qt.undo import push_command
from tests.qt.conftest import pick
from tests.qt.panels_helpers import add_annotated_photo, panel_ctx, read  # noqa: F401


@pytest.fixture
def linked(panel_ctx, tmp_path):  # noqa: F811
    photo_id, annotation_id = add_annotated_photo(panel_ctx, tmp_path / "in")
    anama = CreateActor(name="ANAMA", kind="agency")
    mod = CreateActor(name="Ministry of Defence", kind="ministry", affiliation="Russia")
    push_command(panel_ctx, anama)
    push_command(panel_ctx, mod)
    claim = CreateClaim(statement="Armenia used Iskander missiles against Shusha.",
                        actor_id=anama.created_id, status="disputed", about_when="2020-23")
    denial = CreateClaim(statement="All Armenian Iskanders stayed in storage.",
                         actor_id=mod.created_id)
    push_command(panel_ctx, claim)
    push_command(panel_ctx, denial)
    push_command(panel_ctx, CreateLink(from_ref=Ref("annotation", annotation_id),
                                       to_ref=Ref("claim", claim.created_id),
                                       stance="supports", note="9M723 is Iskander-M"))
    push_command(panel_ctx, CreateLink(from_ref=Ref("claim", denial.created_id),
                                       to_ref=Ref("claim", claim.created_id),
                                       stance="contradicts"))
    panel_ctx.undo_stack.clear()
    return {"photo": photo_id, "annotation": annotation_id, "claim": claim.created_id,
            "denial": denial.created_id}


@pytest.fixture
def panel(qtbot, panel_ctx):  # noqa: F811
    widget = EvidencePanel(panel_ctx)
    qtbot.addWidget(widget)
    widget.resize(900, 640)
    widget.show()
    yield widget
    qtbot.waitUntil(lambda: widget.images_pending() == 0, timeout=10000)


def _lines(item) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return [tuple(item.child(i).text(c) for c in range(4)) for i in range(item.childCount())
            if not item.child(i).isHidden()]


def _click(qtbot, panel, item, *, double: bool = False) -> None:  # type: ignore[no-untyped-def]
    tree = panel.tree
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    assert rect.isValid(), f"{item.text(0)!r} is not on screen"
    if double:
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    else:
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_an_empty_case_says_what_to_do(panel) -> None:
    assert panel.tree.topLevelItemCount() == 0
    assert panel.empty_hint.isVisible() and "No claims yet" in panel.empty_hint.text()


def test_claims_are_rows_with_evidence_on_readable_lines(qtbot, panel, panel_ctx, linked) -> None:  # noqa: F811
    claim = panel.claim_item(linked["claim"])
    assert claim is not None and panel.tree.topLevelItemCount() == 2
    first_line, statement = claim.text(0).split("\n")
    assert first_line.startswith("C1 · Disputed · ANAMA · about autumn 2020")  # EDTF in words
    assert "1 supporting, 0 contradicting, 0 context" in first_line
    assert statement == "Armenia used Iskander missiles against Shusha."
    evidence, relation = _lines(claim)
    assert evidence[0] == "A1 on P1 fragment.jpg\nindex code · confirmed"
    assert evidence[1].startswith("“9М723”\n→ Iskander")  # the reading and its catalog match
    assert evidence[2:] == ("supports", "9M723 is Iskander-M")
    assert relation[0] == "C2 (Ministry of Defence) contradicts this claim"
    assert relation[1] == "All Armenian Iskanders stayed in storage."
    # the crop is cut in a worker thread and arrives a moment later
    line = claim.child(0)
    qtbot.waitUntil(lambda: line.data(0, Qt.ItemDataRole.DecorationRole) is not None,
                    timeout=10000)
    image = line.data(0, Qt.ItemDataRole.DecorationRole).toImage()
    assert image.width() / image.height() > 2.2  # the 240 x 80 box, not the 320 x 200 photo
    # the rationale wraps instead of being cut: its row is as tall as its lines
    tree = panel.tree
    tree.header().resizeSection(3, 90)
    qtbot.waitUntil(lambda: tree.visualItemRect(line).height()
                    >= 3 * tree.fontMetrics().lineSpacing(), timeout=5000)


def test_the_denial_words_the_relation_from_its_side(panel, linked) -> None:
    denial = panel.claim_item(linked["denial"])
    (relation,) = _lines(denial)
    assert relation[0] == "This claim contradicts C1 (ANAMA)"
    assert relation[2] == "contradicts"


def test_filter_by_stance(qtbot, panel, panel_ctx, linked) -> None:  # noqa: F811
    claim = panel.claim_item(linked["claim"])
    denial = panel.claim_item(linked["denial"])
    pick(qtbot, panel.stance_filter, "contradicts")
    assert [line[2] for line in _lines(claim)] == ["contradicts"]
    assert not denial.isHidden()  # it contradicts C1
    assert panel.summary.text() == "2 claims, 2 links shown"
    pick(qtbot, panel.stance_filter, "context")
    assert claim.isHidden() and denial.isHidden()
    assert panel.summary.text() == "0 claims, 0 links shown"
    pick(qtbot, panel.stance_filter, "")
    assert len(_lines(claim)) == 2


def test_clicks_navigate_and_a_double_click_brings_the_photo_forward(
        qtbot, panel, panel_ctx, linked) -> None:  # noqa: F811
    photos, annotations, claims, pages = [], [], [], []
    panel_ctx.bus.photo_selected.connect(photos.append)
    panel_ctx.bus.annotation_selected.connect(annotations.append)
    panel_ctx.bus.claim_selected.connect(claims.append)
    panel_ctx.bus.page_requested.connect(pages.append)
    claim = panel.claim_item(linked["claim"])
    _click(qtbot, panel, claim.child(0))
    assert photos == [linked["photo"]] and annotations == [linked["annotation"]]
    assert pages == []
    _click(qtbot, panel, claim.child(0), double=True)
    assert pages == ["photo"]
    _click(qtbot, panel, claim.child(1))  # the relation: shows the other claim
    assert claims[-1] == linked["denial"]
    panel_ctx.bus.claim_selected.emit(linked["claim"])  # chosen elsewhere: selected here
    assert panel.tree.currentItem() is claim


def test_remove_link_is_undoable(qtbot, panel, panel_ctx, linked) -> None:  # noqa: F811
    claim = panel.claim_item(linked["claim"])
    assert not panel.remove_button.isEnabled()
    _click(qtbot, panel, claim.child(0))
    assert panel.remove_button.isEnabled()
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    (row,) = read(panel_ctx, evidence_matrix, [linked["claim"]])
    assert row.supporting == ()
    assert [line[2] for line in _lines(panel.claim_item(linked["claim"]))] == ["contradicts"]
    panel_ctx.undo_stack.undo()
    assert len(_lines(panel.claim_item(linked["claim"]))) == 2


def test_removing_a_link_someone_changed_since_is_refused(qtbot, panel, panel_ctx, linked) -> None:  # noqa: F811
    """Issue 11: link removal carries the link's version like other edits."""
    from desktop.core.ops.links import update_link

    claim = panel.claim_item(linked["claim"])
    _click(qtbot, panel, claim.child(0))
    messages: list[str] = []
    panel_ctx.bus.status_message.connect(messages.append)
    (row,) = read(panel_ctx, evidence_matrix, [linked["claim"]])
    update_link(panel_ctx.case, link_id=row.supporting[0].link_id,
                note="the lot number matches too")  # someone else, unheard of here
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert messages and "since it was shown here; it was not deleted" in messages[-1]
    (row,) = read(panel_ctx, evidence_matrix, [linked["claim"]])
    assert [e.note for e in row.supporting] == ["the lot number matches too"]
    assert panel_ctx.undo_stack.count() == 0
    claim = panel.claim_item(linked["claim"])  # the view shows the current state
    assert any("the lot number matches too" in " ".join(line)
               for line in _lines(claim))
    _click(qtbot, panel, claim.child(0))  # from the current state it goes
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    (row,) = read(panel_ctx, evidence_matrix, [linked["claim"]])
    assert row.supporting == ()


def test_whole_photo_evidence_shows_the_photo(qtbot, panel, panel_ctx, linked) -> None:  # noqa: F811
    push_command(panel_ctx, CreateLink(from_ref=Ref("photo", linked["photo"]),
                                       to_ref=Ref("claim", linked["claim"]), stance="context",
                                       note="Taken at the claimed position"))
    claim = panel.claim_item(linked["claim"])
    line = next(claim.child(i) for i in range(claim.childCount())
                if claim.child(i).text(2) == "context")
    assert line.text(0) == "Whole photo\nP1 fragment.jpg"
    assert line.text(3) == "Taken at the claimed position"
    qtbot.waitUntil(lambda: line.data(0, Qt.ItemDataRole.DecorationRole) is not None,
                    timeout=10000)
    image = line.data(0, Qt.ItemDataRole.DecorationRole).toImage()
    assert abs(image.width() / image.height() - 320 / 200) < 0.1  # the whole photo


def _tree_texts(panel) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    tree = panel.tree
    out = []
    for i in range(tree.topLevelItemCount()):
        claim = tree.topLevelItem(i)
        out.append((claim.text(0), str(claim.isExpanded())))
        out.extend(tuple(claim.child(j).text(c) for c in range(4))
                   for j in range(claim.childCount()))
    return out


def test_a_case_opened_is_read_in_a_worker_and_shown_a_slice_at_a_time(
        qtbot, panel, panel_ctx, linked, monkeypatch) -> None:  # noqa: F811
    import desktop.qt.panels.evidence_panel as module

    at_once, summary = _tree_texts(panel), panel.summary.text()  # read at once (edits)
    monkeypatch.setattr(module, "FILL_SLICE_S", 0.0)  # a turn of the event loop per line
    panel_ctx.set_case(panel_ctx.case)  # as when the window opens the case
    assert panel.loading  # not read on the GUI thread
    qtbot.waitUntil(lambda: not panel.loading, timeout=10000)
    assert _tree_texts(panel) == at_once and panel.summary.text() == summary


def test_an_edit_while_the_case_is_read_is_not_overwritten_by_the_older_read(
        qtbot, panel, panel_ctx, linked) -> None:  # noqa: F811
    panel_ctx.set_case(panel_ctx.case)
    assert panel.loading
    push_command(panel_ctx, CreateClaim(statement="A third claim, made meanwhile."))
    qtbot.waitUntil(lambda: not panel.loading and panel.images_pending() == 0,
                    timeout=10000)
    qtbot.wait(50)  # the worker's (stale) result has been delivered and dropped
    assert panel.tree.topLevelItemCount() == 3


def test_a_measurement_as_evidence_shows_its_value_not_a_catalog_match(
        qtbot, panel, panel_ctx, linked) -> None:  # noqa: F811
    from desktop.core.ops.annotation_commands import CreateAnnotation

    reference = CreateAnnotation(photo_id=linked["photo"], shape_type="line",
                                 geometry={"points": [[40, 180], [240, 180]]},
                                 kind="scale_reference", transcription="20.0 cm")
    measured = CreateAnnotation(photo_id=linked["photo"], shape_type="line",
                                geometry={"points": [[40, 60], [280, 60]]},
                                kind="measurement", transcription="9M723 body diameter")
    push_command(panel_ctx, reference)
    push_command(panel_ctx, measured)
    push_command(panel_ctx, CreateLink(from_ref=Ref("annotation", measured.created_id),
                                       to_ref=Ref("claim", linked["claim"]),
                                       stance="context"))
    claim = panel.claim_item(linked["claim"])
    assert claim is not None
    (line,) = [cells for cells in _lines(claim) if cells[0].startswith("A3 on P1")]
    assert line[1] == "“9M723 body diameter”\n= 24.0 ± 0.4 cm"  # 240 px at 10 px per cm
    assert "→" not in line[1]
