"""The text of a screenshot or a photographed document, read with the OCR extra.

Recognised lines are put in reading order (rows top to bottom, segments of one row left
to right) and joined into one text, remembering which characters came from which box of
the image, so a finding in the text is also a place in the image (``region_of``). OCR
text is a suggestion: the Sources panel shows it for review, and only what the
investigator keeps (as the captured text) or acts on (a location, a link, each with its
citation and image region) becomes part of the case.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from desktop.core.errors import UserError
from desktop.core.ocr import OcrLine, read_lines

IMAGE_EXTS = frozenset({"png", "jpg", "jpeg", "webp", "gif", "bmp", "tif", "tiff"})
MAX_PIXELS = 50_000_000
_FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF")

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class ImageText:
    """OCR text with the image box of each recognised segment: ``(start, end, box)``
    character spans into ``text``, boxes as (x, y, w, h) in the image's pixels."""

    text: str
    regions: tuple[tuple[int, int, Box], ...]
    width: int
    height: int

    def region_of(self, start: int, end: int) -> Box | None:
        """The box (union of the segments' boxes) of the characters ``start:end``."""
        boxes = [box for s, e, box in self.regions if s < end and start < e]
        if not boxes:
            return None
        left = min(b[0] for b in boxes)
        top = min(b[1] for b in boxes)
        right = max(b[0] + b[2] for b in boxes)
        bottom = max(b[1] + b[3] for b in boxes)
        return left, top, right - left, bottom - top


def is_image(ext: str | None) -> bool:
    """Whether a source file with this extension is read with OCR."""
    return (ext or "").lower() in IMAGE_EXTS


def open_image(data: bytes) -> Image.Image:
    """Decode a screenshot safely (known formats, bounded size); ``UserError`` if not."""
    try:
        image = Image.open(io.BytesIO(data), formats=_FORMATS)
        if image.width * image.height > MAX_PIXELS:
            raise UserError("the image is too large to read its text")
        image.load()
    except UserError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UserError(f"the image cannot be read: {exc}".rstrip(".")) from exc
    return image


def in_reading_order(lines: list[OcrLine]) -> list[list[OcrLine]]:
    """Rows of segments: a segment joins a row when its vertical middle lies within the
    row's first segment; rows top to bottom, segments left to right."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda ln: (ln.box[1], ln.box[0])):
        middle = line.box[1] + line.box[3] / 2
        for row in rows:
            top, height = row[0].box[1], row[0].box[3]
            if top <= middle <= top + height:
                row.append(line)
                break
        else:
            rows.append([line])
    return [sorted(row, key=lambda ln: ln.box[0]) for row in rows]


def image_text(image: Image.Image) -> ImageText:
    """Read the text of ``image`` with OCR (``UserError`` without the OCR extra)."""
    parts: list[str] = []
    regions: list[tuple[int, int, Box]] = []
    pos = 0
    for r, row in enumerate(in_reading_order(read_lines(image))):
        if r:
            parts.append("\n")
            pos += 1
        for i, line in enumerate(row):
            if i:
                parts.append(" ")
                pos += 1
            parts.append(line.text)
            regions.append((pos, pos + len(line.text), line.box))
            pos += len(line.text)
    return ImageText("".join(parts), tuple(regions), image.width, image.height)
