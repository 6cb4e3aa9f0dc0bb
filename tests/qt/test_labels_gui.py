"""Every view names photos, claims, sources, locations and annotations by their stored
labels, the ones the exports and the audit log print (not positions, not ids)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool

from desktop.core.ops.investigation_commands import (
    CreateClaim,
    CreateLocation,
    CreateSource,
    DeleteClaim,
)
from desktop.core.queries.investigation import list_annotations
from desktop.qt.canvas.scene import AnnotationScene
from desktop.qt.dialogs.export_dialog import ExportDialog
from desktop.qt.dialogs.link_claim_dialog import LinkClaimDialog
from desktop.qt.jobs import JobRunner
from desktop.qt.panels.annotation_list import AnnotationListPanel
from desktop.qt.panels.inspector import InspectorPanel
from desktop.qt.panels.metadata_panel import MetadataPanel
from desktop.qt.panels.sources_panel import SourcesPanel
from desktop.qt.undo import push_command
from tests.qt.panels_helpers import add_annotated_photo, panel_ctx, read  # noqa: F401

SHOT = Path("/tmp/labels-shot.png")


def _claims_with_a_gap(ctx) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """C1 and C3 (C2 deleted, so the claim labelled C3 has id 2)."""
    first = CreateClaim(statement="Fragments of two missiles were found in Shusha.")
    second = CreateClaim(statement="A claim deleted again.")
    push_command(ctx, first)
    push_command(ctx, second)
    push_command(ctx, DeleteClaim(second.created_id))
    third = CreateClaim(statement="Armenia did not use Iskander missiles.")
    push_command(ctx, third)
    return {"C1": first.created_id, "C3": third.created_id}


def test_export_dialog_lists_stored_labels_not_ids(qtbot, panel_ctx, tmp_path) -> None:  # noqa: F811
    claims = _claims_with_a_gap(panel_ctx)
    assert claims["C3"] == 2  # the id was reused, the label was not
    add_annotated_photo(panel_ctx, tmp_path / "in", name="tail.jpg")
    add_annotated_photo(panel_ctx, tmp_path / "in", "0117", name="motor.jpg")
    dialog = ExportDialog(panel_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    rows = {dialog.claims.list.item(i).data(256): dialog.claims.list.item(i).text()
            for i in range(dialog.claims.list.count())}
    assert rows[claims["C3"]].startswith("C3  Armenia did not")
    assert rows[claims["C1"]].startswith("C1  Fragments")
    photos = [dialog.photos.list.item(i).text() for i in range(dialog.photos.list.count())]
    assert photos == ["P1  tail.jpg  (annotations: 1)", "P2  motor.jpg  (annotations: 1)"]
    dialog.grab().save(str(SHOT))


def test_annotation_views_show_the_label(qtbot, panel_ctx, tmp_path) -> None:  # noqa: F811
    add_annotated_photo(panel_ctx, tmp_path / "in", name="tail.jpg")
    photo, annotation = add_annotated_photo(panel_ctx, tmp_path / "in", "0117",
                                            name="motor.jpg")
    listing = AnnotationListPanel(panel_ctx)
    qtbot.addWidget(listing)
    panel_ctx.bus.photo_selected.emit(photo)
    assert listing.list.item(0).text().startswith("A2 · ")

    scene = AnnotationScene()
    scene.sync(read(panel_ctx, list_annotations, photo))
    assert scene.items_by_id[annotation].label_text().startswith("A2 · ")

    inspector = InspectorPanel(panel_ctx, JobRunner(QThreadPool.globalInstance()))
    qtbot.addWidget(inspector)
    inspector.show_annotation(annotation)
    assert inspector.header.text() == "Annotation A2 on P2 motor.jpg"

    metadata = MetadataPanel(panel_ctx)
    qtbot.addWidget(metadata)
    metadata.show_photo(photo)
    assert metadata.labels["label"].text() == "P2"

    claim = CreateClaim(statement="Armenia used Iskander.")
    push_command(panel_ctx, claim)
    dialog = LinkClaimDialog(panel_ctx, annotation)
    qtbot.addWidget(dialog)
    assert dialog.claims.item(0).text().startswith("C1  Armenia used Iskander.")


def test_sources_panel_shows_the_label(qtbot, panel_ctx) -> None:  # noqa: F811
    push_command(panel_ctx, CreateSource(title="Wire story"))
    push_command(panel_ctx, CreateLocation(coordinates="39.76, 46.74", name="Site"))
    panel = SourcesPanel(panel_ctx)
    qtbot.addWidget(panel)
    panel.refresh()
    assert panel.list.item(0).text().startswith("S1  Wire story")
    assert panel.label_text.text() == "S1"
