"""The Sources panel: paste an article, see the scanner's findings, turn them into locations."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from desktop.core.changes import Ref
from desktop.core.geo import distance_m
from desktop.core.ops.investigation_commands import CreateClaim, CreateSource
from desktop.core.queries.citations import citations_by_source
from desktop.core.queries.investigation import (
    links_of_annotation,
    list_locations,
    list_sources,
    source_text,
)
from desktop.core.scan import FoundCoordinate, FoundMarking
from desktop.qt.dialogs.link_claim_dialog import LinkClaimDialog
from desktop.qt.panels.source_findings import finding_of
from desktop.qt.panels.sources_panel import SourcesPanel
from desktop.qt.undo import push_command
from tests.qt.panels_helpers import add_annotated_photo, panel_ctx, read, seed_article  # noqa: F401

# The two debris positions the article gives (DOMAIN.md), in decimal degrees.
DEBRIS = [(39.7605833, 46.7427500), (39.7577222, 46.7571667)]


@pytest.fixture
def panel(qtbot, panel_ctx):  # noqa: F811
    widget = SourcesPanel(panel_ctx)
    qtbot.addWidget(widget)
    widget.resize(560, 760)
    widget.show()
    return widget


@pytest.fixture
def source_id(panel, panel_ctx):  # noqa: F811
    command = CreateSource(title="Fragments of two missiles found in Shusha", language="fr")
    push_command(panel_ctx, command)
    panel_ctx.undo_stack.clear()
    return command.created_id


def _findings(panel: SourcesPanel):
    return [finding_of(panel.findings.item(i)) for i in range(panel.findings.count())]


def test_paste_seed_article_then_create_locations(qtbot, panel, panel_ctx, source_id) -> None:  # noqa: F811
    article = seed_article()
    QGuiApplication.clipboard().setText(article)
    qtbot.mouseClick(panel.paste_button, Qt.MouseButton.LeftButton)
    assert read(panel_ctx, source_text, source_id) == article
    assert panel.text.toPlainText() == article

    found = _findings(panel)
    coordinates = [f for f in found if isinstance(f, FoundCoordinate)]
    markings = [f for f in found if isinstance(f, FoundMarking)]
    assert len(coordinates) == 2
    for finding, (lat, lon) in zip(coordinates, DEBRIS, strict=True):
        assert distance_m(finding.lat, finding.lon, lat, lon) < 1.0
        assert article[finding.start:finding.end] == finding.text
    assert any(m.normalized.replace("М", "M") == "9M723" for m in markings)
    spans = panel.highlighter.spans()
    assert {s.kind for s in spans} == {"coordinate", "marking"}

    # one location from the first finding, then "all" adds only the other one
    panel.findings.setCurrentRow(0)
    selected = panel.text.textCursor().selectedText()
    assert selected == coordinates[0].text.replace("\n", "\u2029")
    qtbot.mouseClick(panel.create_location_button, Qt.MouseButton.LeftButton)
    assert len(read(panel_ctx, list_locations)) == 1
    assert "already a location" in panel.findings.item(0).text()
    qtbot.mouseClick(panel.create_all_button, Qt.MouseButton.LeftButton)
    locations = read(panel_ctx, list_locations)
    assert len(locations) == 2
    for loc, (lat, lon) in zip(locations, DEBRIS, strict=True):
        assert loc.kind == "claimed" and loc.notation == "dms"
        assert distance_m(loc.lat, loc.lon, lat, lon) < 1.0
        assert loc.raw_text in article
        assert "Fragments of two missiles" in loc.note
    assert panel_ctx.undo_stack.undoText() == "Create 1 location from source"
    assert panel.finding_info.text() == "1 location created from the source; it is on the Map."
    panel_ctx.undo_stack.undo()  # "Create 1 location from source" is one step
    assert len(read(panel_ctx, list_locations)) == 1
    panel_ctx.undo_stack.undo()
    panel_ctx.undo_stack.undo()  # and the paste
    assert read(panel_ctx, list_locations) == []
    assert read(panel_ctx, source_text, source_id) == ""


def test_editing_fields_and_refusals(qtbot, panel, panel_ctx, source_id) -> None:  # noqa: F811
    panel.fields["publisher"].setText("Agence")
    panel.fields["publisher"].commit()
    panel.fields["published_on"].setText("2021-03-16")
    panel.fields["published_on"].commit()
    (source,) = read(panel_ctx, list_sources)
    assert source.publisher == "Agence" and source.published_on.isoformat() == "2021-03-16"
    panel.fields["language"].setText("French language")
    panel.fields["language"].commit()
    assert not panel.error.isHidden() and panel.error.text().endswith(".")
    assert read(panel_ctx, list_sources)[0].language == "fr"
    assert panel.fields["language"].text() == "fr"
    QGuiApplication.clipboard().setText("   ")
    panel.paste_text()
    assert "clipboard" in panel.error.text()


def test_attach_text_file_stores_it_and_fills_the_text(qtbot, panel, panel_ctx, source_id,  # noqa: F811
                                                       tmp_path, monkeypatch) -> None:
    statement = tmp_path / "statement.txt"
    statement.write_text("Debris at 39.7605833, 46.74275 (ANAMA).", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(statement), "")))
    qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)
    (source,) = read(panel_ctx, list_sources)
    assert source.file_name == "statement.txt"
    assert read(panel_ctx, source_text, source_id) == statement.read_text(encoding="utf-8")
    assert "statement.txt" in panel.file_label.text()
    assert [type(f) for f in _findings(panel)] == [FoundCoordinate]
    panel_ctx.undo_stack.undo()  # attach + text as one step
    (source,) = read(panel_ctx, list_sources)
    assert source.file_name is None and read(panel_ctx, source_text, source_id) == ""


def test_link_marking_opens_the_dialog_for_the_annotations_that_read_it(
        qtbot, panel, panel_ctx, source_id, tmp_path, monkeypatch) -> None:  # noqa: F811
    _photo, annotation_id = add_annotated_photo(panel_ctx, tmp_path / "in", "9M723")
    claim = CreateClaim(statement="Iskander 9M723 fragments were found.", source_id=source_id)
    push_command(panel_ctx, claim)
    panel.text.setPlainText("Specialists checked the identification number 9M723 on the rocket.")
    panel.text.commit()
    row = next(i for i, f in enumerate(_findings(panel)) if isinstance(f, FoundMarking))
    panel.findings.setCurrentRow(row)
    assert panel.link_marking_button.isEnabled()
    opened: list[LinkClaimDialog] = []

    def fake_exec(dialog: LinkClaimDialog) -> int:
        opened.append(dialog)
        dialog.set_stance("supports")
        dialog.accept()
        return 1

    monkeypatch.setattr(LinkClaimDialog, "exec", fake_exec)
    qtbot.mouseClick(panel.link_marking_button, Qt.MouseButton.LeftButton)
    (dialog,) = opened
    assert dialog.annotation_ids == [annotation_id]
    assert dialog.selected_claim_id() == claim.created_id  # this source's claim is proposed
    (link,) = read(panel_ctx, links_of_annotation, annotation_id)
    assert link.to_ref == Ref("claim", claim.created_id) and link.stance == "supports"
    # The link cites where the marking is in the source's text.
    (cited,) = read(panel_ctx, citations_by_source, [source_id])[source_id]
    assert (cited.cites, cited.place, cited.origin, cited.found_text) == (
        "A1 → C1", "l. 1", "text", "9M723")
    assert cited.quote == "…checked the identification number 9M723 on the rocket."
    panel_ctx.undo_stack.undo()
    assert read(panel_ctx, citations_by_source, [source_id]) == {}
    panel_ctx.undo_stack.redo()
    assert len(read(panel_ctx, citations_by_source, [source_id])[source_id]) == 1


def test_link_marking_without_annotations_explains(qtbot, panel, source_id) -> None:
    panel.text.setPlainText("The rocket bore the index 9M723.")
    panel.text.commit()
    row = next(i for i, f in enumerate(_findings(panel)) if isinstance(f, FoundMarking))
    panel.findings.setCurrentRow(row)
    panel.link_marking()
    assert "No annotation reads" in panel.finding_info.text()


def test_a_camera_position_at_the_spot_does_not_hide_the_claim(qtbot, panel, panel_ctx,  # noqa: F811
                                                               source_id) -> None:
    from desktop.core.ops.investigation_commands import CreateLocation

    push_command(panel_ctx, CreateLocation(lat=DEBRIS[0][0], lon=DEBRIS[0][1], kind="camera"))
    panel.text.setPlainText("Debris at 39.7605833, 46.74275.")
    panel.text.commit()
    assert "already a location" not in panel.findings.item(0).text()
    panel.create_all_locations()
    kinds = sorted(loc.kind for loc in read(panel_ctx, list_locations))
    assert kinds == ["camera", "claimed"]


def test_article_coordinates_appear_on_the_map(qtbot, panel, panel_ctx, source_id) -> None:  # noqa: F811
    from desktop.qt.panels.map_panel import MapPanel

    map_panel = MapPanel(panel_ctx)
    qtbot.addWidget(map_panel)
    map_panel.resize(600, 500)
    map_panel.show()
    panel.text.setPlainText(seed_article())
    panel.text.commit()
    panel.create_all_locations()
    claimed = [p for p in map_panel.view.points() if p.kind == "claimed"]
    assert len(claimed) == 2
    for point, (lat, lon) in zip(sorted(claimed, key=lambda p: -p.lat), DEBRIS, strict=True):
        assert distance_m(point.lat, point.lon, lat, lon) < 1.0
        assert map_panel.view.marker(point.key) is not None
    map_panel.fit_all()
    viewport = map_panel.view.viewport().rect()
    for point in claimed:
        marker = map_panel.view.marker(point.key)
        assert viewport.contains(map_panel.view.mapFromScene(marker.pos()))


def test_a_new_source_is_retrieved_today(qtbot, panel, panel_ctx) -> None:  # noqa: F811
    from datetime import UTC, datetime

    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    (source,) = read(panel_ctx, list_sources)
    assert source.retrieved_on == datetime.now(UTC).date()
    assert panel.fields["retrieved_on"].text() == source.retrieved_on.isoformat()
    assert panel.fields["title"].hasFocus()
