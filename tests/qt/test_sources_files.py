"""Dropping a ministry's PDF statement and a saved news page into the Sources panel: the
file is stored, its text is read (with pages) and every coordinate and marking is found."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.core.ocr import ocr_available
from desktop.core.ops.investigation_commands import CreateSource
from desktop.core.queries.citations import citations_by_source
from desktop.core.queries.investigation import list_locations, list_sources, source_text
from desktop.core.scan import FoundCoordinate, FoundMarking
from desktop.qt.panels.source_findings import finding_of
from desktop.qt.panels.sources_panel import SourcesPanel
from desktop.qt.undo import push_command
from tests.qt.panels_helpers import panel_ctx, read  # noqa: F401
from tests.source_files import news_page, screenshot_png, two_column_pdf


@pytest.fixture
def panel(qtbot, panel_ctx):  # noqa: F811
    widget = SourcesPanel(panel_ctx)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    command = CreateSource(title="Statement")
    push_command(panel_ctx, command)
    panel_ctx.undo_stack.clear()
    return widget


def _attach(qtbot, panel: SourcesPanel, path: Path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)
    _read(qtbot, panel)


def _read(qtbot, panel: SourcesPanel) -> None:
    """Wait while the file's text is read in the background (OCR: longer the first time)."""
    qtbot.waitUntil(lambda: not panel.reading, timeout=120_000)


def _rows(panel: SourcesPanel) -> list[str]:
    return [panel.findings.item(i).text() for i in range(panel.findings.count())]


def test_pdf_statement(qtbot, panel, panel_ctx, tmp_path, monkeypatch) -> None:  # noqa: F811
    pdf = two_column_pdf(tmp_path / "statement.pdf")
    _attach(qtbot, panel, pdf, monkeypatch)
    (source,) = read(panel_ctx, list_sources)
    assert source.file_name == "statement.pdf" and len(source.file_sha256 or "") == 64
    assert read(panel_ctx, source_text, source.id) == ""  # the text is derived, not stored
    assert panel.text_choice.isVisible() and panel.text_choice.currentData() == "file"
    assert panel.text.isReadOnly() and "Statement of the Ministry" in panel.text.toPlainText()
    found = [finding_of(panel.findings.item(i)) for i in range(panel.findings.count())]
    assert [type(f) for f in found] == [FoundCoordinate] * 2 + [FoundMarking] * 3
    rows = _rows(panel)
    assert rows[0].startswith("p. 1, l. 7") and rows[1].startswith("p. 2, l. 3")
    assert any("Marking 9N235" in r for r in rows) and any("Marking Kh-101" in r for r in rows)
    assert not any("9H235" in r for r in rows)
    panel.grab().save(str(tmp_path / "sources-pdf.png"))
    # The pair broken across two lines becomes a location that cites its page and line.
    panel.findings.setCurrentRow(0)
    qtbot.mouseClick(panel.create_location_button, Qt.MouseButton.LeftButton)
    (location,) = read(panel_ctx, list_locations)
    assert (location.lat, location.lon) == (50.45012, 30.5234)
    cited = read(panel_ctx, citations_by_source, [source.id])[source.id]
    assert [(c.cites, c.place, c.origin) for c in cited] == [("L1", "p. 1, l. 7", "file")]
    # Back to the captured text: empty, editable, nothing found.
    panel.text_choice.setCurrentIndex(0)
    panel.text_choice.activated.emit(0)
    assert not panel.text.isReadOnly() and panel.text.toPlainText() == ""
    assert finding_of(panel.findings.item(0)) is None


def test_saved_news_page_fills_url_and_date(qtbot, panel, panel_ctx, tmp_path,  # noqa: F811
                                            monkeypatch) -> None:
    page = news_page(tmp_path / "strike.html")
    _attach(qtbot, panel, page, monkeypatch)
    (source,) = read(panel_ctx, list_sources)
    assert source.url == "https://news.example.org/2024/03/strike"
    assert source.published_on == date(2024, 3, 15)
    assert panel.fields["url"].text() == source.url
    rows = _rows(panel)
    assert [r.split("  ")[0] for r in rows] == ["l. 4", "l. 5", "l. 6"]
    assert "Marking 9M723" in rows[2]
    panel_ctx.undo_stack.undo()  # the file, the URL and the date in one step
    (source,) = read(panel_ctx, list_sources)
    assert source.file_name is None and source.url == "" and source.published_on is None


@pytest.mark.skipif(not ocr_available(), reason="the OCR extra is not installed")
def test_screenshot_of_a_post(qtbot, panel, panel_ctx, tmp_path, monkeypatch) -> None:  # noqa: F811
    png = screenshot_png(tmp_path / "post.png")
    _attach(qtbot, panel, png, monkeypatch)
    (source,) = read(panel_ctx, list_sources)
    assert source.file_name == "post.png"
    # Nothing is read until asked: OCR text is offered for review, not kept on its own.
    assert panel.text_choice.isVisible() and panel.text_choice.currentData() == "captured"
    assert panel.text_choice.itemText(1) == "Text read from the image (OCR)"
    panel.text_choice.setCurrentIndex(1)
    panel.text_choice.activated.emit(1)  # read in the background; the window stays usable
    assert panel.reading and "Reading the text" in panel.finding_info.text()
    _read(qtbot, panel)
    assert panel.text_choice.currentData() == "file"
    assert panel.text.isReadOnly() and "9M723 missile" in panel.text.toPlainText()
    assert panel.keep_ocr_button.isVisible()
    rows = _rows(panel)
    assert len(rows) == 3 and "Marking 9M723" in rows[2]
    panel.findings.setCurrentRow(0)
    assert panel.region_view.isVisible() and not panel.region_view.pixmap().isNull()
    assert panel.finding_info.text().startswith("In the image at (")
    panel.grab().save(str(tmp_path / "sources-ocr.png"))
    qtbot.mouseClick(panel.create_location_button, Qt.MouseButton.LeftButton)
    (cited,) = read(panel_ctx, citations_by_source, [source.id])[source.id]
    assert cited.origin == "file" and cited.region is not None
    _x, y, w, _h = cited.region
    assert 120 <= y <= 150 and w > 100 and "image region" in cited.place
    assert read(panel_ctx, source_text, source.id) == ""  # not kept yet
    qtbot.mouseClick(panel.keep_ocr_button, Qt.MouseButton.LeftButton)
    assert "48.51234 N" in read(panel_ctx, source_text, source.id)
    assert panel.text_choice.currentData() == "captured" and not panel.text.isReadOnly()


@pytest.mark.skipif(not ocr_available(), reason="the OCR extra is not installed")
def test_drop_a_statement_a_news_page_and_a_screenshot(qtbot, panel_ctx, tmp_path) -> None:  # noqa: F811
    """The issue's "done when": three files dropped on the panel become three sources, and
    every coordinate and marking in them is listed with its place, ready to act on."""
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    widget = SourcesPanel(panel_ctx)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    files = [two_column_pdf(tmp_path / "statement.pdf"), news_page(tmp_path / "strike.html"),
             screenshot_png(tmp_path / "post.png")]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in files])
    widget.dropEvent(QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    sources = read(panel_ctx, list_sources)
    assert [(s.label, s.title) for s in sources] == [
        ("S1", "Ministry statement"), ("S2", "Strike on the city & what was found"),
        ("S3", "post")]
    assert sources[1].url == "https://news.example.org/2024/03/strike"
    found: dict[str, list[str]] = {}
    for row, source in enumerate(sources):
        widget.list.setCurrentRow(row)
        _read(qtbot, widget)
        if source.label == "S3":  # the screenshot: read on request, offered for review
            widget.text_choice.setCurrentIndex(1)
            widget.text_choice.activated.emit(1)
            _read(qtbot, widget)
        found[source.label] = _rows(widget)
    assert [r.split("  ")[0] for r in found["S1"]] == ["p. 1, l. 7", "p. 2, l. 3", "p. 1, l. 4",
                                                       "p. 1, l. 4", "p. 2, l. 4"]
    assert [r.split("  ")[0] for r in found["S2"]] == ["l. 4", "l. 5", "l. 6"]
    assert [r.split("  ")[0] for r in found["S3"]] == ["l. 3", "l. 4", "l. 2"]
    panel_ctx.undo_stack.undo()  # the three sources were one step
    assert read(panel_ctx, list_sources) == []


def test_an_unreadable_pdf_is_stored_and_says_why(qtbot, panel, panel_ctx, tmp_path,  # noqa: F811
                                                  monkeypatch) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not a PDF body")
    _attach(qtbot, panel, broken, monkeypatch)
    (source,) = read(panel_ctx, list_sources)
    assert source.file_name == "broken.pdf"  # the file is kept as evidence all the same
    assert "broken.pdf (stored in the case)" in panel.file_label.text()
    assert "cannot be read" in panel.file_label.text()
    assert not panel.text_choice.isVisible() and not panel.text.isReadOnly()
