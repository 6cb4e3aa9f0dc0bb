"""Citations as a publication prints them: catalog entries with clickable sources, web
addresses as links, and a numbered references list."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest

from desktop.core.export.dossier import build_dossier
from desktop.core.export.text import linked_text
from desktop.core.queries.dossier import DossierData, DossierOptions, dossier_data
from tests.unit.exportcase import make_export_case

WIKIPEDIA = "https://en.wikipedia.org/wiki/9K720_Iskander"
ARTICLE = "https://example.org/article?id=1&lang=fr"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[DossierData, Path]:
    root = tmp_path_factory.mktemp("cite")
    case = make_export_case(root)
    try:
        data = dossier_data(case, DossierOptions())
    finally:
        case.close()
    return data, build_dossier(data, root / "d.pdf")


def _links(pdf: Path) -> list[str]:
    with pikepdf.open(pdf) as doc:
        return [str(annot.A.URI) for page in doc.pages for annot in page.get("/Annots", [])
                if "/A" in annot and annot.A.get("/S") == pikepdf.Name.URI]


def test_catalog_citation_and_source_addresses_are_links(built: tuple[DossierData, Path]
                                                         ) -> None:
    data, pdf = built
    assert any(WIKIPEDIA in m.citation for m in data.citations)
    links = _links(pdf)
    assert links.count(WIKIPEDIA) >= 2  # the catalog entry and its reference
    assert links.count(ARTICLE) >= 2  # the source's page and its reference


def test_numbered_references_list(built: tuple[DossierData, Path]) -> None:
    _, pdf = built
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())
    assert "References [1]" in text
    assert f"{WIKIPEDIA} [1]" in text  # the catalog entry cites its reference number
    assert "[S1]" in text.split("References [1]")[1]


def test_only_web_addresses_become_links() -> None:
    markup = linked_text('see javascript:alert(1) and https://a.example/x?a=1&b=2", then.')
    assert markup.count("<a ") == 1 and "javascript" not in markup.split("<a ")[1]
    assert 'href="https://a.example/x?a=1&amp;b=2"' in markup  # ends before the quote
    assert markup.endswith('</a>&quot;, then.') or markup.endswith('</a>", then.')
