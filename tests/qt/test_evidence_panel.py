"""The Evidence panel for a selected claim: sections, crops, navigation, remove link."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.changes import Ref
from desktop.core.ops.investigation_commands import CreateActor, CreateClaim, CreateLink
from desktop.core.queries.evidence import evidence_matrix
from desktop.qt.panels.evidence_panel import EvidencePanel
from desktop.qt.undo import push_command
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
    widget.resize(460, 640)
    widget.show()
    yield widget
    qtbot.waitUntil(lambda: widget.images_pending() == 0, timeout=10000)


def test_nothing_selected_says_so(panel) -> None:
    assert panel.title.text() == "No claim selected"
    assert all(items.isHidden() for _h, items in panel.sections.values())


def test_sections_with_crop_and_rationale(qtbot, panel, panel_ctx, linked) -> None:  # noqa: F811
    panel_ctx.bus.claim_selected.emit(linked["claim"])
    assert panel.title.text() == "C1  Armenia used Iskander missiles against Shusha."
    assert "ANAMA" in panel.subtitle.text() and "Disputed" in panel.subtitle.text()
    header, supports = panel.sections["supports"]
    assert header.text() == "Supporting evidence (1)"
    item = supports.item(0)
    assert item.text().startswith("A1 · “9М723” · index code · confirmed")
    assert "Iskander" in item.text()  # the catalog match is named
    assert "Why: 9M723 is Iskander-M" in item.text()
    # the crop is cut in a worker thread and arrives a moment later
    qtbot.waitUntil(lambda: item.data(Qt.ItemDataRole.DecorationRole) is not None, timeout=10000)
    pixmap = item.data(Qt.ItemDataRole.DecorationRole)
    assert not pixmap.isNull()
    image = pixmap.toImage()
    # the crop follows the 240 x 80 annotation box, not the 320 x 200 photo
    assert image.width() / image.height() > 2.2
    assert panel.sections["contradicts"][0].text() == "Contradicting evidence (0)"
    claims_header, claims = panel.sections["contradicting_claims"]
    assert claims_header.text() == "Claims contradicting this one (1)"
    assert "\nAll Armenian Iskanders stayed in storage." in claims.item(0).text()


def test_items_navigate_on_the_bus(qtbot, panel, panel_ctx, linked) -> None:  # noqa: F811
    panel.show_claim(linked["claim"])
    photos, annotations, claims = [], [], []
    panel_ctx.bus.photo_selected.connect(photos.append)
    panel_ctx.bus.annotation_selected.connect(annotations.append)
    panel_ctx.bus.claim_selected.connect(claims.append)
    supports = panel.sections["supports"][1]
    rect = supports.visualItemRect(supports.item(0))
    qtbot.mouseClick(supports.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert photos == [linked["photo"]] and annotations == [linked["annotation"]]
    related = panel.sections["contradicting_claims"][1]
    rect = related.visualItemRect(related.item(0))
    qtbot.mouseClick(related.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert claims == [linked["denial"]]


def test_remove_link_is_undoable(qtbot, panel, panel_ctx, linked) -> None:  # noqa: F811
    panel.show_claim(linked["claim"])
    supports = panel.sections["supports"][1]
    supports.setCurrentRow(0)
    assert panel.remove_button.isEnabled()
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    (row,) = read(panel_ctx, evidence_matrix, [linked["claim"]])
    assert row.supporting == ()
    assert panel.sections["supports"][0].text() == "Supporting evidence (0)"
    panel_ctx.undo_stack.undo()
    assert panel.sections["supports"][0].text() == "Supporting evidence (1)"


def test_removing_a_link_someone_changed_since_is_refused(qtbot, panel, panel_ctx, linked) -> None:  # noqa: F811
    """Issue 11: link removal carries the link's version like other edits."""
    from desktop.core.ops.links import update_link

    panel.show_claim(linked["claim"])
    supports = panel.sections["supports"][1]
    supports.setCurrentRow(0)
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
    assert "the lot number matches too" in panel.sections["supports"][1].item(0).text()
    panel.sections["supports"][1].setCurrentRow(0)  # from the current state it goes
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    (row,) = read(panel_ctx, evidence_matrix, [linked["claim"]])
    assert row.supporting == ()


def test_whole_photo_evidence_shows_the_photo(qtbot, panel, panel_ctx, linked) -> None:  # noqa: F811
    push_command(panel_ctx, CreateLink(from_ref=Ref("photo", linked["photo"]),
                                       to_ref=Ref("claim", linked["claim"]), stance="context",
                                       note="Taken at the claimed position"))
    panel.show_claim(linked["claim"])
    header, context = panel.sections["context"]
    assert header.text() == "Context (1)"
    item = context.item(0)
    assert item.text().startswith("Whole photo\nP1 fragment.jpg")
    qtbot.waitUntil(lambda: item.data(Qt.ItemDataRole.DecorationRole) is not None, timeout=10000)
    image = item.data(Qt.ItemDataRole.DecorationRole).toImage()
    assert abs(image.width() / image.height() - 320 / 200) < 0.1  # the whole 320 x 200 photo


def test_a_claim_relation_shows_on_both_claims(qtbot, panel, panel_ctx, linked) -> None:  # noqa: F811
    """The denial (C2) contradicts the claim (C1): each side words it from where it stands."""
    panel.show_claim(linked["claim"])
    header, items = panel.sections["contradicting_claims"]
    assert header.text() == "Claims contradicting this one (1)"
    assert items.item(0).text().startswith(
        "C2 (Ministry of Defence) contradicts this claim\nAll Armenian Iskanders")
    assert panel._groups["contradicted_claims"].isHidden()

    panel.show_claim(linked["denial"])
    assert panel._groups["contradicting_claims"].isHidden()
    header, items = panel.sections["contradicted_claims"]
    assert header.text() == "Claims this one contradicts (1)"
    assert not items.isHidden()
    assert items.item(0).text().startswith(
        "This claim contradicts C1 (ANAMA)\nArmenia used Iskander missiles")
    seen: list[int] = []
    panel_ctx.bus.claim_selected.connect(seen.append)
    rect = items.visualItemRect(items.item(0))
    qtbot.mouseClick(items.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert seen == [linked["claim"]]
    panel.grab().save("/tmp/defects-shot-evidence.png")
