"""A form that shows an object someone else has changed since merges the edit made from it
when they changed other fields, and says so; when they changed the same field it refuses
the edit, says who changed it, shows the current state and keeps what the user typed in
its field: never a silent overwrite, never retyping."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from desktop.core.casefile import CaseFile
from desktop.core.ops.annotations import update_annotation
from desktop.core.ops.claims import create_claim, update_claim
from desktop.core.ops.investigation_commands import CreateClaim
from desktop.core.queries.investigation import get_annotation, get_claim
from desktop.qt.bus import EventBus
from desktop.qt.context import AppContext
from desktop.qt.panels.claims_panel import ClaimsPanel
from desktop.qt.panels.inspector import InspectorPanel
from desktop.qt.undo import push_command
from tests.qt.conftest import pick
from tests.qt.panels_helpers import add_annotated_photo, panel_ctx, read  # noqa: F401
from tests.unit.test_postgres import pg_url  # noqa: F401  (the team-case fixture)


def _claims_panel(qtbot, ctx: AppContext) -> ClaimsPanel:  # type: ignore[no-untyped-def]
    panel = ClaimsPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(640, 600)
    panel.show()
    return panel


def test_a_stale_claim_form_merges_other_fields_and_keeps_refused_text(
        qtbot, panel_ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    command = CreateClaim(statement="Armenia used Iskander missiles.", about_when="2020-23")
    push_command(panel_ctx, command)
    panel_ctx.undo_stack.clear()
    panel = _claims_panel(qtbot, panel_ctx)
    panel.select_claim(command.created_id)  # type: ignore[arg-type]
    assert panel.current_claim().version == 1  # type: ignore[union-attr]
    # Someone else changes the claim; this window has not heard of it yet.
    assert panel_ctx.case is not None
    update_claim(panel_ctx.case, claim_id=command.created_id, status="refuted",
                 note="Debris is from a Tochka")
    panel.about_when.setFocus()
    panel.about_when.selectAll()
    qtbot.keyClicks(panel.about_when, "2020-09-27/2020-11-10")
    qtbot.keyClick(panel.about_when, Qt.Key.Key_Return)

    # Another field than theirs: merged, and said so (not as an error).
    message = panel.error.text()
    assert panel.error.isVisible() and message.startswith(
        "Claim C1: your change of the period it is about was merged with Tester's change of the "
        "note, status (at ")
    assert "red" not in panel.error.styleSheet() and "#b00020" not in panel.error.styleSheet()
    stored = read(panel_ctx, get_claim, command.created_id)
    assert stored.about_when == "2020-09-27/2020-11-10" and stored.status == "refuted"
    assert panel.status.currentData() == "refuted"
    assert panel.note.toPlainText() == "Debris is from a Tochka"
    assert panel_ctx.undo_stack.count() == 1
    panel.grab().save(str(tmp_path / "merged.png"))
    # Undo of the merged edit brings back what this form showed; theirs stays.
    panel_ctx.undo_stack.undo()
    stored = read(panel_ctx, get_claim, command.created_id)
    assert (stored.about_when, stored.status) == ("2020-23", "refuted")
    assert panel.about_when.text() == "2020-23"
    panel_ctx.undo_stack.redo()
    assert read(panel_ctx, get_claim, command.created_id).about_when == "2020-09-27/2020-11-10"
    # The same field as theirs: refused, naming it; what was typed stays in the field.
    update_claim(panel_ctx.case, claim_id=command.created_id, note="A Tochka-U, says MoD")
    panel.note.setFocus()
    panel.note.selectAll()
    qtbot.keyClicks(panel.note, "Serial numbers checked")
    panel.note.commit()  # what leaving the box does
    message = panel.error.text()
    assert message.startswith("Claim C1 was changed by Tester at ")
    assert "UTC (note) since it was shown here, to another value than yours; your edit was " \
        "not saved" in message and "#b00020" in panel.error.styleSheet()
    assert read(panel_ctx, get_claim, command.created_id).note == "A Tochka-U, says MoD"
    assert panel.note.toPlainText() == "Serial numbers checked"  # kept, not retyped
    assert panel.note.pending and panel_ctx.undo_stack.count() == 1
    panel.grab().save(str(tmp_path / "refused.png"))
    # Applying it again (leaving the box) replaces theirs on purpose.
    panel.note.setFocus()
    panel.note.commit()
    assert read(panel_ctx, get_claim, command.created_id).note == "Serial numbers checked"
    assert not panel.error.isVisible()
    pick(qtbot, panel.status, "disputed")  # the version moved on with our own edits
    assert read(panel_ctx, get_claim, command.created_id).status == "disputed"


def test_deleting_a_claim_someone_just_changed_is_refused(
        qtbot, panel_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    command = CreateClaim(statement="Armenia used Iskander missiles.")
    push_command(panel_ctx, command)
    panel_ctx.undo_stack.clear()
    panel = _claims_panel(qtbot, panel_ctx)
    panel.select_claim(command.created_id)  # type: ignore[arg-type]
    assert panel_ctx.case is not None
    update_claim(panel_ctx.case, claim_id=command.created_id, status="corroborated")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert "it was not deleted" in panel.error.text()
    assert read(panel_ctx, get_claim, command.created_id).status == "corroborated"
    assert panel.status.currentData() == "corroborated" and panel.model.rowCount() == 1
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)  # now it goes
    assert read(panel_ctx, get_claim, command.created_id) is None


def test_a_stale_reading_in_the_inspector_is_refused_and_kept(  # type: ignore[no-untyped-def]
        qtbot, panel_ctx: AppContext, tmp_path: Path) -> None:  # noqa: F811
    from PySide6.QtCore import QThreadPool

    from desktop.qt.jobs import JobRunner

    _photo_id, annotation_id = add_annotated_photo(panel_ctx, tmp_path / "photos",
                                                   transcription="9M723")
    inspector = InspectorPanel(panel_ctx, JobRunner(QThreadPool.globalInstance()))
    qtbot.addWidget(inspector)
    inspector.resize(360, 640)
    inspector.show()
    inspector.show_annotation(annotation_id)
    assert panel_ctx.case is not None
    update_annotation(panel_ctx.case, annotation_id=annotation_id, transcription="9M723-1")
    inspector.transcription.setFocus()
    inspector.transcription.selectAll()
    qtbot.keyClicks(inspector.transcription, "9M728")
    qtbot.keyClick(inspector.transcription, Qt.Key.Key_Return)

    assert read(panel_ctx, get_annotation, annotation_id).transcription == "9M723-1"
    assert inspector.transcription.text() == "9M728"  # the refused reading stays
    assert inspector.transcription.isModified()
    assert inspector.error.isVisible()
    assert "(reading) since it was shown here, to another value" in inspector.error.text()
    assert panel_ctx.undo_stack.count() == 0
    inspector.grab().save(str(tmp_path / "refused.png"))
    # Notes changed by someone else do not block a reading typed meanwhile: merged.
    update_annotation(panel_ctx.case, annotation_id=annotation_id, notes="stencilled, worn")
    inspector.transcription.setFocus()
    inspector.transcription.selectAll()
    qtbot.keyClicks(inspector.transcription, "9M723-2")
    qtbot.keyClick(inspector.transcription, Qt.Key.Key_Return)
    stored = read(panel_ctx, get_annotation, annotation_id)
    assert (stored.transcription, stored.notes) == ("9M723-2", "stencilled, worn")
    assert "your change of the reading was merged with Tester's change of the notes" \
        in inspector.error.text()
    assert inspector.notes.toPlainText() == "stencilled, worn"


def test_a_stale_source_form_merges_or_keeps_the_text(qtbot, panel_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from desktop.core.ops.investigation_commands import CreateSource
    from desktop.core.ops.sources import update_source
    from desktop.core.queries.investigation import list_sources
    from desktop.qt.panels.sources_panel import SourcesPanel

    command = CreateSource(title="Fragments of two missiles found in Shusha")
    push_command(panel_ctx, command)
    panel_ctx.undo_stack.clear()
    panel = SourcesPanel(panel_ctx)
    qtbot.addWidget(panel)
    panel.resize(560, 760)
    panel.show()
    assert panel_ctx.case is not None
    update_source(panel_ctx.case, source_id=command.created_id, publisher="APA")
    publisher = panel.fields["publisher"]
    publisher.setFocus()
    qtbot.keyClicks(publisher, "Agence")
    qtbot.keyClick(publisher, Qt.Key.Key_Return)
    assert "(publisher) since it was shown here, to another value" in panel.error.text()
    assert read(panel_ctx, list_sources)[0].publisher == "APA"
    assert publisher.text() == "Agence"  # kept for the user to apply again
    update_source(panel_ctx.case, source_id=command.created_id, language="fr")
    url = panel.fields["url"]
    url.setFocus()
    qtbot.keyClicks(url, "https://example.org/shusha")
    qtbot.keyClick(url, Qt.Key.Key_Return)
    stored = read(panel_ctx, list_sources)[0]
    assert (stored.url, stored.language) == ("https://example.org/shusha", "fr")
    assert "was merged with Tester's change of the language" in panel.error.text()


def test_stale_photo_provenance_is_refused_and_kept(qtbot, panel_ctx: AppContext,  # type: ignore[no-untyped-def]  # noqa: F811
                                                    tmp_path: Path) -> None:
    from desktop.core.ops.photos import set_photo_provenance
    from desktop.core.queries.photos import get_photo
    from desktop.qt.panels.provenance_editor import ProvenanceEditor

    photo_id, _annotation_id = add_annotated_photo(panel_ctx, tmp_path / "photos")
    editor = ProvenanceEditor(panel_ctx)
    qtbot.addWidget(editor)
    editor.show()
    editor.show_photo(photo_id)
    assert panel_ctx.case is not None
    set_photo_provenance(panel_ctx.case, photo_id=photo_id, provided_by="ANAMA press office")
    field = editor.edits["provided_by"]
    field.setFocus()
    qtbot.keyClicks(field, "a neighbour")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "(provided by) since it was shown here, to another value" in editor.error.text()
    assert read(panel_ctx, get_photo, photo_id).provided_by == "ANAMA press office"
    assert field.text() == "a neighbour"
    set_photo_provenance(panel_ctx.case, photo_id=photo_id, original_url="https://t.me/x/1")
    taken = editor.edits["taken_by"]
    taken.setFocus()
    qtbot.keyClicks(taken, "a deminer")
    qtbot.keyClick(taken, Qt.Key.Key_Return)
    stored = read(panel_ctx, get_photo, photo_id)
    assert (stored.taken_by, stored.original_url) == ("a deminer", "https://t.me/x/1")
    assert "was merged with Tester's change of the original URL" in editor.error.text()


def test_a_stale_actor_form_merges_or_keeps_the_text(qtbot, panel_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from desktop.core.ops.actors import create_actor, update_actor
    from desktop.core.queries.investigation import list_actors
    from desktop.qt.dialogs.actors_dialog import ActorsDialog

    assert panel_ctx.case is not None
    actor_id, _ = create_actor(panel_ctx.case, name="ANAMA")
    dialog = ActorsDialog(panel_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.list.setCurrentRow(0)
    update_actor(panel_ctx.case, actor_id=actor_id, name="ANAMA (agency)")
    dialog.name.setFocus()
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Mine Action Agency")
    dialog.name.commit()  # what leaving the field does
    assert "(name) since it was shown here, to another value" in dialog.error.text()
    assert dialog.name.text() == "Mine Action Agency"  # kept, not retyped
    assert read(panel_ctx, list_actors)[0].name == "ANAMA (agency)"
    dialog.name.commit()  # applied again, on purpose
    assert read(panel_ctx, list_actors)[0].name == "Mine Action Agency"
    update_actor(panel_ctx.case, actor_id=actor_id, kind="agency")
    dialog.affiliation.setFocus()
    qtbot.keyClicks(dialog.affiliation, "Azerbaijan")
    dialog.affiliation.commit()
    stored = read(panel_ctx, list_actors)[0]
    assert (stored.kind, stored.affiliation) == ("agency", "Azerbaijan")
    assert "was merged with Tester's change of the kind" in dialog.error.text()


@pytest.mark.postgres
def test_on_a_team_case_the_form_names_the_other_investigator(
        qtbot, tmp_path: Path, pg_url: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ctx = AppContext(bus=EventBus(), undo_stack=QUndoStack())
    with CaseFile.create(tmp_path / "Team", title="t", investigator="Ana",
                         database_url=pg_url) as ana:
        claim_id, _ = create_claim(ana, statement="Iskanders were used")
        ctx.case = ana
        panel = _claims_panel(qtbot, ctx)
        panel.select_claim(claim_id)
        with CaseFile.open(tmp_path / "Team.fragment", investigator="Boris") as boris:
            update_claim(boris, claim_id=claim_id, status="refuted")
        panel.note.setFocus()
        qtbot.keyClicks(panel.note, "Checked the serial numbers")
        panel.note.commit()  # what leaving the box does
        assert panel.error.text().startswith("Claim C1: your change of the note was merged "
                                             "with Boris's change of the status (at ")
        assert read(ctx, get_claim, claim_id).note == "Checked the serial numbers"
        assert panel.status.currentData() == "refuted"
        with CaseFile.open(tmp_path / "Team.fragment", investigator="Boris") as boris:
            update_claim(boris, claim_id=claim_id, statement="Iskander-M were used")
        panel.statement.setFocus()
        panel.statement.selectAll()
        qtbot.keyClicks(panel.statement, "No Iskander was used")
        panel.statement.commit()
        assert panel.error.text().startswith("Claim C1 was changed by Boris at ")
        assert "(statement)" in panel.error.text()
        assert read(ctx, get_claim, claim_id).statement == "Iskander-M were used"
        assert panel.statement.toPlainText() == "No Iskander was used"
        ctx.undo_stack.clear()
        ctx.case = None


def test_enter_in_the_actor_name_commits_it_and_adds_no_actor(qtbot, panel_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from PySide6.QtCore import Qt

    from desktop.core.ops.actors import create_actor
    from desktop.core.queries.investigation import list_actors
    from desktop.qt.dialogs.actors_dialog import ActorsDialog

    assert panel_ctx.case is not None
    create_actor(panel_ctx.case, name="ANAMA")
    dialog = ActorsDialog(panel_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.list.setCurrentRow(0)
    dialog.name.setFocus()
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Mine Action Agency")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert [actor.name for actor in read(panel_ctx, list_actors)] == ["Mine Action Agency"]
