"""A screenshot of a post read with the OCR extra: its text in reading order, every
coordinate and marking found, and each finding linked to its place in the image."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import UserError
from desktop.core.ocr import OcrLine, ocr_available
from desktop.core.scan import scan_text
from desktop.core.screenshot_text import image_text, in_reading_order, open_image
from tests.source_files import screenshot_png

needs_ocr = pytest.mark.skipif(not ocr_available(), reason="the OCR extra is not installed")


@needs_ocr
def test_screenshot_findings_have_their_place_in_the_image(tmp_path: Path) -> None:
    png = screenshot_png(tmp_path / "post.png")
    read = image_text(open_image(png.read_bytes()))
    assert (read.width, read.height) == (720, 300)
    assert len(read.text.splitlines()) == 4
    found = scan_text(read.text)
    first, second = found.coordinates
    assert (first.lat, first.lon) == (48.51234, 35.04321)
    assert second.lat == pytest.approx(48 + 30 / 60 + 10 / 3600)
    assert second.lon == pytest.approx(35 + 2 / 60 + 5 / 3600)
    assert [m.display for m in found.markings] == ["9M723"]
    # Each finding lies in the row of the image it was typed on (rows start at y = 20 + 60 i).
    for item, row in ((found.markings[0], 1), (first, 2), (second, 3)):
        x, y, w, h = read.region_of(item.start, item.end)
        assert 20 + 60 * row - 12 <= y <= 20 + 60 * row + 12 and h < 50 and w > 0
        assert x + w <= 720


def test_reading_order_puts_rows_top_to_bottom_and_left_to_right() -> None:
    lines = [OcrLine("right", 1.0, (300, 12, 80, 20)), OcrLine("below", 1.0, (10, 60, 80, 20)),
             OcrLine("left", 1.0, (10, 10, 80, 24))]
    assert [[ln.text for ln in row] for row in in_reading_order(lines)] == [
        ["left", "right"], ["below"]]


def test_not_an_image_is_refused_in_one_sentence() -> None:
    with pytest.raises(UserError, match="cannot be read"):
        open_image(b"not an image")
