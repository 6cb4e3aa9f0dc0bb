"""Text from source files: a two-column PDF, a saved web page, plain text; the scanner
finds every coordinate and marking in them, with page and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import UserError
from desktop.core.scan import scan_text
from desktop.core.source_text import extract_text, has_text, source_file_text
from desktop.core.store import sha256_file
from tests.source_files import news_page, two_column_pdf


def test_two_column_pdf(tmp_path: Path) -> None:
    pdf = two_column_pdf(tmp_path / "statement.pdf")
    result = extract_text(pdf.read_bytes(), "pdf")
    assert result.kind == "pdf" and result.pages == 2 and result.text.count("\f") == 1
    assert result.title == "Ministry statement"
    # The column broke the pair across lines; the scanner reads it whole.
    assert "50.45012,\n30.52340" in result.text
    found = scan_text(result.text)
    decimal, dms = found.coordinates
    assert (decimal.lat, decimal.lon, decimal.page) == (50.45012, 30.5234, 1)
    assert "\n" in decimal.text
    assert decimal.quote.startswith("…") and "50.45012, 30.52340" in decimal.quote
    assert dms.page == 2 and dms.notation == "dms"
    assert dms.lat == pytest.approx(50 + 26 / 60 + 35.2 / 3600)
    markings = {(m.display, m.page) for m in found.markings}
    assert markings == {("9M55K", 1), ("9N235", 1), ("Kh-101", 2)}
    for item in (*found.coordinates, *found.markings):
        assert result.text[item.start:item.end] == item.text
        assert item.line >= 1


def test_news_page_reads_text_table_and_metadata(tmp_path: Path) -> None:
    page = news_page(tmp_path / "strike.html")
    result = extract_text(page.read_bytes(), "html")
    assert result.kind == "html"
    assert result.url == "https://news.example.org/2024/03/strike"
    assert result.published_on == "2024-03-15"
    assert result.title == "Strike on the city & what was found"
    assert "<" not in result.text and "fake" not in result.text and "99.99999" not in result.text
    assert "School\t50.44321\t30.51234" in result.text
    found = scan_text(result.text)
    assert [(c.lat, c.lon) for c in found.coordinates] == [(50.44321, 30.51234),
                                                           (50.46789, 30.49876)]
    assert [c.line for c in found.coordinates] == [4, 5]
    assert [m.display for m in found.markings] == ["9M723"]


def test_saved_from_note_gives_the_url_when_nothing_else_does() -> None:
    markup = (b"<!-- saved from url=(0030)https://example.org/post/1 --><html><body>"
              b"<p>x</p></body></html>")
    assert extract_text(markup, "htm").url == "https://example.org/post/1"


def test_plain_text_and_refusals() -> None:
    assert extract_text(b"at 50.45012,\n30.52340", "txt").text == "at 50.45012,\n30.52340"
    assert extract_text("\ufeffbom".encode("utf-8"), "md").text == "bom"
    assert extract_text("utf16".encode("utf-16"), "txt").text == "utf16"
    with pytest.raises(UserError, match="not UTF-8"):
        extract_text("Широта".encode("cp1251"), "txt")
    with pytest.raises(UserError, match="cannot be read"):
        extract_text(b"%PDF-1.7\nnot really a pdf", "pdf")
    with pytest.raises(UserError, match=r"cannot read text from a \.zip file"):
        extract_text(b"PK\x03\x04", "zip")
    assert has_text("PDF") and has_text("html") and not has_text("png") and not has_text(None)


def test_stored_file_text_is_derived_cached_and_checked(tmp_path: Path) -> None:
    pdf = two_column_pdf(tmp_path / "statement.pdf")
    sha = sha256_file(pdf)
    derived = tmp_path / "derived"
    first = source_file_text(pdf, sha, "pdf", derived)
    (cached,) = (derived / "text").iterdir()
    assert cached.name.startswith(sha)
    assert source_file_text(pdf, sha, "pdf", derived) == first  # from the cache
    cached.unlink()  # derived/ may be deleted: the text is re-created from the original
    assert source_file_text(pdf, sha, "pdf", derived) == first
    cached = next((derived / "text").iterdir())
    cached.write_text("{damaged", encoding="utf-8")
    assert source_file_text(pdf, sha, "pdf", derived) == first
    with pytest.raises(UserError, match="no longer matches its SHA-256"):
        source_file_text(pdf, "0" * 64, "pdf", derived)
