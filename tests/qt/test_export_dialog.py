"""The Export dialog with the real worker, the real demo case and real files."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRunnable, QSettings, Qt, QThreadPool
from PySide6.QtGui import QDesktopServices, QGuiApplication, QUndoStack
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from db.models import AuditEvent
from desktop.core.casefile import CaseFile
from desktop.core.demo import build_demo_case
from desktop.core.export.bag_verify import verify_bag
from desktop.core.queries.dossier import DossierOptions
from desktop.core.queries.photos import list_photos
from desktop.qt.bus import EventBus
from desktop.qt.context import AppContext
from desktop.qt.dialogs.export_dialog import ExportDialog
from desktop.qt.dialogs.export_job import ExportRequest, run_export
from desktop.qt.jobs import JobControl, JobSignals
from tests.qt.conftest import MessageBoxes, pick

READING = "9\u041c723"  # the demo's stencilled index, with a Cyrillic М


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CaseFile]:
    case = build_demo_case(tmp_path_factory.mktemp("export-dialog") / "Demo")
    yield case
    case.close()


@pytest.fixture
def ctx(demo: CaseFile) -> Iterator[AppContext]:
    context = AppContext(bus=EventBus(), undo_stack=QUndoStack())
    context.set_case(demo)
    yield context
    context.case = None  # the module fixture closes the case


def make_dialog(qtbot, ctx: AppContext) -> ExportDialog:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    if not dialog.contact.text():
        qtbot.keyClicks(dialog.contact, "Tester")
    return dialog


def choose(dialog: ExportDialog, **paths: Path) -> None:
    """Check exactly the given outputs and set their paths (instead of the file dialogs)."""
    for kind, row in dialog.rows.items():
        row.check.setChecked(kind in paths)
        if kind in paths:
            row.path.setText(str(paths[kind]))


def run(qtbot, dialog: ExportDialog) -> None:  # type: ignore[no-untyped-def]
    dialog.export_button.click()
    assert dialog.job is not None
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60000)
    assert dialog.outcome is not None


def last_event(case: CaseFile) -> AuditEvent:
    with case.read_session() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        session.expunge(event)
    return event


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_pdf_geojson_and_bag_in_one_go(qtbot, ctx: AppContext, demo: CaseFile,
                                       tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, ctx)
    statuses: list[str] = []
    ctx.bus.status_message.connect(statuses.append)
    notices: list[object] = []
    ctx.bus.changes_applied.connect(notices.append)
    pdf, geo, bag = tmp_path / "dossier.pdf", tmp_path / "places.geojson", tmp_path / "bag"
    assert not dialog.withheld.isVisible()  # the demo case has no redactions
    choose(dialog, pdf=pdf, geojson=geo, bag=bag)
    dialog.contact.clear()
    dialog.export_button.click()  # a bag needs the investigator's name
    assert dialog.job is None and "Give your name" in dialog.status.text()
    qtbot.keyClicks(dialog.contact, "Ann Reader")
    run(qtbot, dialog)

    outcome = dialog.outcome
    assert outcome.ok, outcome.error
    # the bag first: the PDF is the bag's own dossier, the one its audit log records
    assert [kind for kind, _ in outcome.written] == ["bag", "pdf", "geojson"]
    assert pdf.read_bytes() == (bag / "data" / "dossier.pdf").read_bytes()
    assert "Contact-Name: Ann Reader" in (bag / "bag-info.txt").read_text(encoding="utf-8")
    assert READING in pdf_text(pdf)
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert dialog.sha_field.text() == digest
    assert dialog.sha_field.isReadOnly() and dialog.result_box.isVisible()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == digest
    assert "recorded in the case's audit log" in dialog.status.text()
    event = last_event(demo)
    assert event.action == "export.geojson"
    with demo.read_session() as session:
        recorded = [e.details["after"]["sha256"] for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == "export.dossier"))]
    assert digest in recorded
    assert len(notices) == 1 and notices[0].touches("case")  # the audit log changed, once
    assert json.loads(geo.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert verify_bag(bag).ok
    assert (bag / "data" / "dossier.pdf").is_file()
    assert "recorded" in statuses[0] and statuses[-1] == "SHA-256 copied."
    assert dialog.open_button.isVisible()
    assert dialog.output_folder() == tmp_path
    assert dialog.export_button.isEnabled()


def test_open_folder_asks_the_desktop_to_show_it(qtbot, ctx: AppContext, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    dialog = make_dialog(qtbot, ctx)
    choose(dialog, kml=tmp_path / "out" / "places.kml")
    (tmp_path / "out").mkdir()
    run(qtbot, dialog)
    assert dialog.outcome.ok
    assert not dialog.result_box.isVisible()  # no dossier, no SHA-256 to show
    dialog.open_button.click()
    assert opened == [str(tmp_path / "out")]


def test_a_subset_of_photos_leaves_the_others_out(qtbot, ctx: AppContext, demo: CaseFile,
                                                  tmp_path: Path) -> None:
    with demo.read_session() as session:
        photos = list_photos(session)
    excluded = photos[-1]
    assert all(p.file_name != excluded.file_name for p in photos[:-1])
    dialog = make_dialog(qtbot, ctx)
    dialog.photos.set_checked(excluded.id, False)
    assert dialog.photos.selected_ids() == tuple(p.id for p in photos[:-1])
    pick(qtbot, dialog.language, "fr")
    pick(qtbot, dialog.page_size, "Letter")
    pdf = tmp_path / "subset.pdf"
    choose(dialog, pdf=pdf)
    run(qtbot, dialog)
    assert dialog.outcome.ok
    text = pdf_text(pdf)
    assert photos[0].file_name in text
    assert photos[0].sha256 in text.replace("\n", "")
    assert excluded.sha256 not in text.replace("\n", "")
    # The locations table covers the whole case, and the camera position of the excluded
    # photo is named after it; nowhere else may the excluded photo appear.
    elsewhere = re.sub(r"Camera position of\s+" + re.escape(excluded.file_name), "", text)
    assert excluded.file_name not in elsewhere
    assert "Table des matières" in text and "Annexe d'intégrité" in text
    width, height = (float(v) for v in PdfReader(pdf).pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (612, 792)  # US Letter in points
    after = last_event(demo).details["after"]
    assert after["options"]["photo_ids"] == [p.id for p in photos[:-1]]
    assert after["options"]["language"] == "fr"


def test_read_only_folder_shows_the_reason_and_writes_nothing(
        qtbot, ctx: AppContext, readonly_dir: Path) -> None:
    dialog = make_dialog(qtbot, ctx)
    choose(dialog, pdf=readonly_dir / "dossier.pdf")
    run(qtbot, dialog)
    assert dialog.outcome.failed == "pdf"
    message = dialog.status.text()
    assert message.startswith("PDF dossier: cannot write dossier.pdf")
    assert "Traceback" not in message
    assert list(readonly_dir.iterdir()) == []
    assert not dialog.result_box.isVisible()
    assert dialog.export_button.isEnabled()  # the user may pick another folder and retry


def test_a_path_under_a_regular_file_fails_cleanly(qtbot, ctx: AppContext,
                                                   tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    dialog = make_dialog(qtbot, ctx)
    choose(dialog, geojson=tmp_path / "fine.geojson", kml=blocker / "places.kml",
           csv=tmp_path / "never-tables")
    run(qtbot, dialog)
    outcome = dialog.outcome
    assert [kind for kind, _ in outcome.written] == ["geojson"]
    assert outcome.failed == "kml" and outcome.error
    status = dialog.status.text()
    assert status.startswith("Written: GeoJSON.")
    assert "KML: cannot write places.kml" in status
    assert status.endswith("Not attempted: CSV tables.")
    assert not (tmp_path / "never-tables").exists()
    assert blocker.read_text() == "x"


class _Blocker(QRunnable):
    """Occupies the only thread of a pool until released."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def run(self) -> None:
        self.release.wait(30)


def test_cancel_writes_nothing(qtbot, demo: CaseFile, tmp_path: Path) -> None:
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    blocker = _Blocker()
    pool.start(blocker)  # the export job queues behind it, so Cancel lands before it starts
    ctx = AppContext(bus=EventBus(), undo_stack=QUndoStack(), pool=pool)
    ctx.set_case(demo)
    try:
        dialog = make_dialog(qtbot, ctx)
        pdf, bag = tmp_path / "c.pdf", tmp_path / "cbag"
        choose(dialog, pdf=pdf, bag=bag)
        dialog.export_button.click()
        assert dialog.close_button.text() == "Cancel"
        assert not dialog.rows["pdf"].path.isEnabled()  # options locked while exporting
        dialog.close_button.click()
        assert dialog.status.text() == "Cancelling…"
        blocker.release.set()
        qtbot.waitUntil(lambda: dialog.job is None, timeout=30000)
        assert dialog.outcome.cancelled
        assert "cancelled" in dialog.status.text()
        assert dialog.isVisible()  # the Cancel button stops the export, not the dialog
        assert sorted(p.name for p in tmp_path.iterdir()) == []
    finally:
        blocker.release.set()
        pool.waitForDone(30000)
        ctx.case = None


def test_options_and_folder_are_remembered(qtbot, ctx: AppContext, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, ctx)
    choose(dialog, kml=tmp_path / "a.kml", geojson=tmp_path / "a.geojson")
    pick(qtbot, dialog.page_size, "Letter")
    pick(qtbot, dialog.language, "fr")
    pick(qtbot, dialog.audit, "head")
    run(qtbot, dialog)
    assert dialog.outcome.ok
    QSettings().sync()

    again = make_dialog(qtbot, ctx)
    assert again.page_size.currentData() == "Letter"
    assert again.language.currentData() == "fr"
    assert again.audit.currentData() == "head"
    checked = {kind for kind, row in again.rows.items() if row.check.isChecked()}
    assert checked == {"geojson", "kml"}
    assert Path(again.rows["pdf"].path.text()).parent == tmp_path


def test_nothing_chosen_or_no_path_is_explained(qtbot, ctx: AppContext) -> None:
    dialog = make_dialog(qtbot, ctx)
    choose(dialog)
    dialog.export_button.click()
    assert dialog.job is None and "at least one output" in dialog.status.text()
    dialog.rows["bag"].check.setChecked(True)
    dialog.rows["bag"].path.clear()
    dialog.export_button.click()
    assert dialog.job is None and "BagIt bag" in dialog.status.text()


def test_browse_fills_the_path_and_checks_the_output(qtbot, ctx: AppContext, tmp_path: Path,
                                                     file_dialogs: dict[str, object]) -> None:
    dialog = make_dialog(qtbot, ctx)
    choose(dialog)
    file_dialogs["save"] = tmp_path / "chosen.pdf"
    dialog.rows["pdf"].browse.click()
    assert dialog.rows["pdf"].chosen_path() == tmp_path / "chosen.pdf"
    file_dialogs["dir"] = tmp_path
    dialog.rows["bag"].path.setText(str(Path("/elsewhere") / "my-bag"))
    dialog.rows["bag"].browse.click()
    assert dialog.rows["bag"].chosen_path() == tmp_path / "my-bag"


def test_no_case_means_nothing_to_export(qtbot) -> None:
    ctx = AppContext(bus=EventBus(), undo_stack=QUndoStack())
    dialog = make_dialog(qtbot, ctx)
    assert not dialog.export_button.isEnabled()
    assert dialog.photos.list.count() == 0


def test_closing_while_exporting_cancels_then_closes(qtbot, demo: CaseFile,
                                                     tmp_path: Path) -> None:
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    blocker = _Blocker()
    pool.start(blocker)
    ctx = AppContext(bus=EventBus(), undo_stack=QUndoStack(), pool=pool)
    ctx.set_case(demo)
    try:
        dialog = make_dialog(qtbot, ctx)
        choose(dialog, csv=tmp_path / "tables")
        dialog.export_button.click()
        dialog.reject()  # Escape or the window's close button
        assert dialog.isVisible()  # stays until the worker has stopped
        blocker.release.set()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)
        assert dialog.outcome.cancelled
        assert not (tmp_path / "tables").exists()
    finally:
        blocker.release.set()
        pool.waitForDone(30000)
        ctx.case = None


def test_replacing_an_existing_file_asks_first(qtbot, ctx: AppContext, tmp_path: Path,
                                               messages: MessageBoxes) -> None:
    old = tmp_path / "places.kml"
    old.write_text("previous")
    dialog = make_dialog(qtbot, ctx)
    choose(dialog, kml=old)
    messages.answer(QMessageBox.StandardButton.No)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.job is None and old.read_text() == "previous"
    assert messages[-1][0] == "question"
    messages.answer(QMessageBox.StandardButton.Yes)
    run(qtbot, dialog)
    assert dialog.outcome.ok and "<kml" in old.read_text(encoding="utf-8")
    assert str(old) in messages[-1][1]


def test_a_relative_path_is_refused(qtbot, ctx: AppContext) -> None:
    dialog = make_dialog(qtbot, ctx)
    choose(dialog, pdf=Path("dossier.pdf"))
    dialog.export_button.click()
    assert dialog.job is None and "full path of the PDF dossier" in dialog.status.text()


def test_a_read_only_case_shows_the_hash_but_cannot_record_it(qtbot, demo: CaseFile,
                                                              tmp_path: Path) -> None:
    readonly = CaseFile.open(demo.root, readonly=True)
    ctx = AppContext(bus=EventBus(), undo_stack=QUndoStack())
    ctx.set_case(readonly)
    try:
        before = last_event(demo).id
        dialog = make_dialog(qtbot, ctx)
        pdf = tmp_path / "ro.pdf"
        choose(dialog, pdf=pdf)
        run(qtbot, dialog)
        assert dialog.outcome.dossier is not None and not dialog.outcome.dossier.recorded
        assert dialog.sha_field.text() == hashlib.sha256(pdf.read_bytes()).hexdigest()
        assert "not recorded" in dialog.status.text()
        assert last_event(demo).id == before
    finally:
        ctx.set_case(None)


def test_cancel_in_the_middle_of_the_bag_removes_its_temporary_folder(
        demo: CaseFile, tmp_path: Path) -> None:
    signals = JobSignals()
    control = JobControl(signals)
    seen: list[tuple[int, int, str]] = []

    def on_progress(done: int, total: int, kind: str) -> None:
        seen.append((done, total, kind))
        if kind == "bag" and done > total // 4:  # the bag is the first of two outputs
            control.cancel()

    # run synchronously here, so the progress slot runs at once, inside the bag's steps
    signals.progress.connect(on_progress, Qt.ConnectionType.DirectConnection)
    request = ExportRequest(options=DossierOptions(), contact="Tester",
                            pdf=tmp_path / "d.pdf", bag=tmp_path / "bag")
    outcome = run_export(control, demo, request)
    assert outcome.cancelled and outcome.failed == "bag"
    assert outcome.written == ()
    assert list(tmp_path.iterdir()) == []  # no bag, no .part folder, no PDF
    assert any(kind == "bag" and done > total // 4 for done, total, kind in seen)


def test_a_damaged_case_is_refused_with_the_problem_named(qtbot, tmp_path: Path) -> None:
    import sqlite3

    from tests.unit.exportcase import make_export_case

    made = make_export_case(tmp_path)
    root = made.root
    made.close()
    with sqlite3.connect(root / "case.sqlite") as raw:  # edited outside Fragment
        raw.execute("UPDATE claim SET statement = 'Nothing happened.' WHERE id = 1")
    with CaseFile.open(root, investigator="Tester") as case:
        context = AppContext(bus=EventBus(), undo_stack=QUndoStack())
        context.set_case(case)
        dialog = make_dialog(qtbot, context)
        pdf, bag = tmp_path / "d.pdf", tmp_path / "bag"
        choose(dialog, pdf=pdf, bag=bag)
        run(qtbot, dialog)
        assert not dialog.outcome.ok
        status = dialog.status.text()
        assert "did not verify" in status and "changed outside Fragment: statement" in status
        assert not pdf.exists() and not bag.exists()
        assert not list(tmp_path.glob(".bag*"))
        context.case = None
