"""The Export dialog says what redactions withhold, and the files it writes withhold it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from desktop.core.casefile import CaseFile
from desktop.qt.bus import EventBus
from desktop.qt.context import AppContext
from desktop.qt.dialogs.export_dialog import ExportDialog
from tests.qt.test_export_dialog import choose, pdf_text, run
from tests.unit.exportcase import SECRETS, TRANSCRIPTIONS, make_export_case


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CaseFile]:
    case = make_export_case(tmp_path_factory.mktemp("export-redactions"))
    yield case
    case.close()


@pytest.fixture
def dialog(qtbot, case: CaseFile) -> Iterator[ExportDialog]:  # type: ignore[no-untyped-def]
    ctx = AppContext(bus=EventBus(), undo_stack=QUndoStack())
    ctx.set_case(case)
    dialog = ExportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    ctx.case = None  # the module fixture closes the case


def labels(case: CaseFile) -> tuple[str, str, str]:
    """The stable labels of the tail photo, its redaction (#3) and the annotation under it."""
    from db.models import Photo

    with case.read_session() as session:
        photo = session.query(Photo).filter_by(file_name="tail-section.jpg").one()
        by_number = {a.number: a.label for a in photo.annotations}
        return photo.label, by_number[3], by_number[4]


def test_the_dialog_says_what_is_withheld_before_exporting(dialog: ExportDialog,
                                                          case: CaseFile) -> None:
    photo, redaction, secret = labels(case)
    assert dialog.withheld.isVisible()
    text = dialog.withheld.text()
    assert text.startswith(f"1 reading and 3 notes withheld under redactions "
                           f"({photo} {redaction}, {secret}).")
    assert "a bag keeps everything" in text
    assert not any(s in text for s in SECRETS)
    dialog.resize(780, 700)
    dialog.grab().save("/tmp/redaction-shot.png")


def test_what_it_writes_withholds_it_and_the_note_stays(qtbot, dialog: ExportDialog,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path) -> None:
    pdf, csv = tmp_path / "d.pdf", tmp_path / "tables"
    choose(dialog, pdf=pdf, csv=csv)
    run(qtbot, dialog)
    assert dialog.outcome.ok, dialog.outcome.error
    text = pdf_text(pdf)
    table = (csv / "annotations.csv").read_text(encoding="utf-8-sig")
    assert not any(s in text or s in table for s in SECRETS)
    assert TRANSCRIPTIONS[0] in table
    assert dialog.withheld.isVisible()  # still there after the export, next to the result


def test_counts_read_naturally(dialog: ExportDialog) -> None:
    from desktop.core.queries.redactions import WithheldAnnotation, WithheldSummary

    def summary(*items: tuple[str, str, bool, int]) -> WithheldSummary:
        return WithheldSummary(tuple(WithheldAnnotation(p, a, 1, "other", r, n)
                                     for p, a, r, n in items))

    assert dialog.withheld_text(WithheldSummary()) == ""
    assert dialog.withheld_text(summary(("P2", "A5", True, 0), ("P2", "A6", True, 1),
                                        ("P3", "A9", False, 0))).startswith(
        "2 readings and 1 note withheld under redactions (P2 A5, A6; P3 A9).")
    assert dialog.withheld_text(summary(("P1", "A1", False, 2))).startswith(
        "2 notes withheld under redactions (P1 A1).")
    assert dialog.withheld_text(summary(("P1", "A1", False, 0))).startswith(
        "Crops withheld under redactions (P1 A1).")
