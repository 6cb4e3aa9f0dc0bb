"""The audit log of a long case: printed up to a limit, attached whole inside the PDF."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import func, select

from db.models import AuditEvent
from desktop.core.casefile import CaseFile
from desktop.core.export.dossier import build_dossier
from desktop.core.export.service import export_dossier
from desktop.core.queries import dossier_audit
from desktop.core.queries.dossier import DossierOptions, dossier_data


def _text(pdf: Path) -> str:
    """The PDF's text with every run of white space as one space (lines wrap anywhere)."""
    return " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())


def _attached_log(pdf: Path) -> list[dict[str, str]]:
    with pikepdf.open(pdf) as doc:
        assert list(doc.attachments) == ["audit-log.csv"]
        spec = doc.attachments["audit-log.csv"]
        assert [f.objgen for f in doc.Root.AF] == [spec.obj.objgen]  # PDF/A-3 associated
        assert spec.obj.AFRelationship == pikepdf.Name.Data
        data = spec.get_file().read_bytes()
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


@pytest.fixture
def case(tmp_path: Path) -> CaseFile:
    case = CaseFile.create(tmp_path / "Long", title="Long log", investigator="Ana Lyst")
    with case.write_session() as session:
        for i in range(29):  # and the case's creation: 30 events
            case.audit(session, "test.setup", "case", None, {"step": i, "label": f"X{i}"})
    yield case
    case.close()


def test_a_long_log_prints_its_newest_events_and_attaches_all(
        case: CaseFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dossier_audit, "PRINT_LIMIT", 10)
    data = dossier_data(case, DossierOptions())
    assert data.audit.count == 30 and len(data.audit.events) == 10
    assert not data.audit.complete
    pdf = build_dossier(data, tmp_path / "d.pdf")
    text = _text(pdf)
    assert "The last 10 of 30 events" in text
    assert "attached to this PDF as the file audit-log.csv" in text
    with case.read_session() as session:
        events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    rows = _attached_log(pdf)
    assert [r["hash"] for r in rows] == [e.hash for e in events]
    assert [r["prev_hash"] for r in rows] == [e.prev_hash for e in events]
    assert rows[-1]["hash"] == data.audit.head_hash
    assert {r["investigator"] for r in rows} == {"Ana Lyst"}
    assert [r["label"] for r in rows[1:]] == [f"X{i}" for i in range(29)]
    assert rows[1]["at_utc"] == events[1].at.isoformat(timespec="microseconds")
    printed = [e.hash for e in events[-10:]]
    assert all(h in text for h in printed) and events[0].hash not in text


def test_a_short_log_is_printed_whole_and_attached_too(case: CaseFile, tmp_path: Path) -> None:
    data = dossier_data(case, DossierOptions())
    assert data.audit.complete
    pdf = build_dossier(data, tmp_path / "d.pdf")
    assert "All 30 events" in _text(pdf)
    assert len(_attached_log(pdf)) == 30


def test_the_export_checks_the_chain_once(case: CaseFile, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The export service verified the whole case; the dossier does not re-check the chain
    (it still would if the log had grown meanwhile)."""
    calls: list[int] = []
    original = dossier_audit.verify_chain

    def counting(session, **kw):  # type: ignore[no-untyped-def]
        calls.append(1)
        return original(session, **kw)

    monkeypatch.setattr(dossier_audit, "verify_chain", counting)
    result = export_dossier(case, tmp_path / "d.pdf")
    with case.read_session() as session:  # every event but the export's own was checked
        logged = session.scalar(select(func.count()).select_from(AuditEvent))
    assert calls == [] and result.events == logged - 1
