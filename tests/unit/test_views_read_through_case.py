"""Views never open database sessions: they read through ``case.read(query_fn, ...)`` and
write through commands. A plain scan of the source, so a new call fails here at once."""

from __future__ import annotations

import ast
from pathlib import Path

from desktop.core.casefile import CaseFile
from desktop.core.ops.sources import create_source
from desktop.core.queries.case import get_case_summary
from desktop.core.queries.investigation import list_sources
from desktop.core.queries.photos import get_photo

QT = Path(__file__).resolve().parents[2] / "desktop" / "qt"
SESSION_OPENERS = {"read_session", "write_session"}


def _session_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [f"{path.name}:{node.lineno} {node.func.attr}()"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in SESSION_OPENERS]


def test_the_scan_finds_a_session_opened_in_a_view(tmp_path: Path) -> None:
    view = tmp_path / "panel.py"
    view.write_text("def refresh(self):\n"
                    "    with self.ctx.case.read_session() as session:\n"
                    "        return session\n"
                    "def save(case):\n"
                    "    with case.write_session() as s:\n"
                    "        s.flush()\n", encoding="utf-8")
    assert _session_calls(view) == ["panel.py:2 read_session()", "panel.py:5 write_session()"]


def test_no_view_opens_a_database_session() -> None:
    files = sorted(QT.rglob("*.py"))
    assert len(files) > 50  # the scan really reads the Qt layer
    found = [f"{path.parent.name}/{call}" for path in files for call in _session_calls(path)]
    assert found == [], "views must use case.read(query_fn, ...) or commands:\n" + "\n".join(found)


def test_case_read_returns_what_the_query_returns(new_case: CaseFile) -> None:
    create_source(new_case, title="A news report")
    (source,) = new_case.read(list_sources)
    assert source.title == "A news report"
    assert new_case.read(get_photo, 12345) is None
    summary = new_case.read(get_case_summary)
    assert summary is not None and summary.title == "Test case"
    with new_case.write_session():  # inside a write transaction, the read sees its rows
        create_source(new_case, title="Second report")
        assert [s.title for s in new_case.read(list_sources)] == ["A news report",
                                                                 "Second report"]
