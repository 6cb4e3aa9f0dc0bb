"""Page breaks as an editor wants them: no heading alone at the foot of a page, no table
item alone at the top of the next."""

from __future__ import annotations

import re
import subprocess

import pytest

from desktop.core.casefile import CaseFile
from desktop.core.export.dossier import build_dossier
from desktop.core.export.translations import fixed_texts
from desktop.core.queries.dossier import DossierOptions, dossier_data

HASH = re.compile(r"^[0-9a-f]{64}$", re.MULTILINE)  # an audit event's hash row


@pytest.fixture(scope="module", params=[39, 61])  # each left one event alone before
def pages(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> list[list[str]]:
    """The text lines of each page of a dossier whose audit log fills a few pages."""
    root = tmp_path_factory.mktemp("layout")
    case = CaseFile.create(root / "Layout", title="Layout", investigator="Ana Lyst")
    try:
        with case.write_session() as session:
            for i in range(request.param):
                case.audit(session, "test.setup", "case", None, {"step": i})
        pdf = build_dossier(dossier_data(case, DossierOptions()), root / "d.pdf")
    finally:
        case.close()
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return [[line for line in page.splitlines() if line.strip()]
            for page in text.split("\f") if page.strip()]


def test_no_heading_ends_a_page(pages: list[list[str]]) -> None:
    t = fixed_texts("en")
    headings = {t[k] for k in ("originals", "audit_log", "how_to_verify", "citations")}
    for number, lines in enumerate(pages, 1):
        body = [line for line in lines if not line.startswith(("Layout ·", "Page "))]
        assert body and body[-1] not in headings, f"page {number} ends with {body[-1]!r}"


def test_no_audit_event_is_alone_on_a_page(pages: list[list[str]]) -> None:
    counts = [len(HASH.findall("\n".join(lines))) for lines in pages]
    with_events = [c for c in counts if c]
    assert sum(with_events) > 30
    assert all(c >= 2 for c in with_events), counts
