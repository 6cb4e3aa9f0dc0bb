"""The Checks panel with a real case: run, filter, select the photo, review (undoable),
reference folders added from the panel, and findings recomputed after a link changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.core.changes import Ref
from desktop.core.ingest import import_paths
from desktop.core.ops.investigation_commands import CreateLink, CreateLocation
from desktop.core.queries.checks import findings
from desktop.qt.jobs import JobRunner
from desktop.qt.panels.checks_panel import ChecksPanel
from desktop.qt.undo import push_command
from tests.qt.conftest import pick
from tests.qt.panels_helpers import panel_ctx, read  # noqa: F401

NIKON = "jpg/gps/DSCN0010.jpg"


@pytest.fixture
def panel(qtbot, panel_ctx):  # noqa: F811
    widget = ChecksPanel(panel_ctx, JobRunner(panel_ctx.pool))
    qtbot.addWidget(widget)
    widget.resize(900, 420)
    widget.show()
    return widget


def _wait_idle(qtbot, panel: ChecksPanel) -> None:
    qtbot.waitUntil(lambda: not panel.running and not panel.timer.isActive()
                    and not panel.loading, timeout=60000)


def _import(panel: ChecksPanel, *paths: Path) -> dict[str, int]:
    report = import_paths(panel.ctx.case, list(paths))
    panel.ctx.bus.changes_applied.emit(report.changes)
    return {Path(r.path).name: int(r.photo_id or 0) for r in report.results}


def test_run_filter_select_and_review(qtbot, panel: ChecksPanel, corpus: Path,
                                      tmp_path: Path) -> None:
    ids = _import(panel, corpus / NIKON, corpus / "jpg/Canon_40D.jpg")
    said: list[str] = []
    panel.ctx.bus.status_message.connect(said.append)
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, panel)
    assert said[-1] == "Checks up to date: 0 warnings, 4 notices (Checks panel)."
    everything = panel.tree.topLevelItemCount()
    assert everything == len(read(panel.ctx, findings)) > 3
    assert "2 of 2 photos hashed" in panel.summary.text()
    pick(qtbot, panel.severity, "notice")
    shown = panel.visible_rows()
    assert shown and {r.severity for r in shown} <= {"warning", "notice"}
    assert panel.tree.topLevelItemCount() == len(shown) < everything
    qtbot.keyClicks(panel.filter, "GIMP")
    (gimp,) = panel.visible_rows()
    assert gimp.photo_id == ids["Canon_40D.jpg"] and gimp.kind == "editing_software"
    with qtbot.waitSignal(panel.ctx.bus.photo_selected) as selected:
        panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    assert selected.args == [ids["Canon_40D.jpg"]]
    assert panel.detail.text() == f"{gimp.photo_label} · {gimp.explanation}"  # in full
    panel.note.clear()
    qtbot.keyClicks(panel.note, "Exported by the agency's press office")
    qtbot.mouseClick(panel.review_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, panel)
    stored = next(r for r in read(panel.ctx, findings) if r.id == gimp.id)
    assert stored.reviewed and stored.review_note == "Exported by the agency's press office"
    assert panel.review_button.text() == "Mark Not Reviewed"
    panel.show_reviewed.setChecked(False)
    assert panel.visible_rows() == []
    panel.ctx.undo_stack.undo()
    _wait_idle(qtbot, panel)
    assert not next(r for r in read(panel.ctx, findings) if r.id == gimp.id).reviewed
    assert len(panel.visible_rows()) == 1
    panel.grab().save(str(tmp_path / "checks-panel.png"))


def test_reference_folder_from_the_panel_and_recheck_after_a_link(
        qtbot, panel: ChecksPanel, corpus: Path, tmp_path: Path, file_dialogs) -> None:
    known = tmp_path / "known"
    known.mkdir()
    shutil.copy(corpus / NIKON, known / "archive_2015.jpg")
    ids = _import(panel, corpus / NIKON)
    _wait_idle(qtbot, panel)  # the import's changes started a run after a short delay
    assert panel.overview is not None and panel.overview.last_run is not None
    file_dialogs["dir"] = known
    panel.tabs.setCurrentIndex(1)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, panel)
    assert panel.references.count() == 1
    assert "known · 1 images" in panel.references.item(0).text()
    assert panel.visible_rows()[0].kind == "reference_match"
    # A claimed site 48 km away, linked to the photo: the panel rechecks on its own.
    push_command(panel.ctx, CreateLocation(lat=43.3188, lon=11.3308, name="Siena",
                                           precision_m=500))
    location_id = max(r.id for r in read(panel.ctx, _locations))
    push_command(panel.ctx, CreateLink(from_ref=Ref("photo", ids["DSCN0010.jpg"]),
                                       to_ref=Ref("location", location_id)))
    qtbot.waitUntil(lambda: any(r.kind == "gps_far_from_claim" for r in panel.visible_rows()),
                    timeout=60000)
    panel.tabs.setCurrentIndex(1)
    panel.references.setCurrentRow(0)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, panel)
    assert panel.references.count() == 0
    assert "reference_match" not in {r.kind for r in panel.visible_rows()}


def _locations(session):  # type: ignore[no-untyped-def]
    from desktop.core.queries.investigation import list_locations

    return list_locations(session)


def test_metadata_panel_shows_the_sun_and_the_credentials(qtbot, panel_ctx, corpus: Path,  # noqa: F811
                                                          tmp_path: Path) -> None:
    from desktop.qt.panels.metadata_panel import MetadataPanel
    from tests.unit.c2pa_sample import signed_jpeg

    (tmp_path / "signed.jpg").write_bytes(signed_jpeg())
    report = import_paths(panel_ctx.case, [corpus / NIKON, tmp_path / "signed.jpg"])
    nikon, signed = (int(r.photo_id or 0) for r in report.results)
    widget = MetadataPanel(panel_ctx)
    qtbot.addWidget(widget)
    widget.show_photo(nikon)
    sun = widget.labels["sun"].text()
    assert "azimuth 234." in sun and "elevation 17." in sun and "GPS time" in sun
    assert widget.labels["credentials"].text() == "none"
    widget.show_photo(signed)
    assert widget.labels["credentials"].text() == "Valid, signed by Test Signer"
    assert widget.labels["sun"].text().startswith("not computed")
