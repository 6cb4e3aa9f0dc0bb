"""Decode photos for the viewer: Pillow does the work (orientation, adjustments), Qt shows it.

Functions here run in worker threads too: they return ``QImage`` (safe off the GUI thread),
never ``QPixmap``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PIL import Image
from PySide6.QtGui import QImage

from desktop.core.adjustments import apply_adjustments, is_neutral
from desktop.core.casefile import CaseFile
from desktop.core.imaging import open_display_image, thumbnail_path

#: Long side of the quick preview decoded on the GUI thread before the full image arrives.
PREVIEW_SIDE = 1024


def pil_to_qimage(image: Image.Image) -> QImage:
    """A deep copy of a Pillow RGB/RGBA/L image as a ``QImage``."""
    if image.mode == "RGBA":
        fmt, data = QImage.Format.Format_RGBA8888, image.tobytes("raw", "RGBA")
        bpl = image.width * 4
    else:
        rgb = image if image.mode == "RGB" else image.convert("RGB")
        fmt, data = QImage.Format.Format_RGB888, rgb.tobytes("raw", "RGB")
        bpl = rgb.width * 3
    return QImage(data, image.width, image.height, bpl, fmt).copy()


def adjusted(image: Image.Image, adjustments: Mapping[str, Any] | None) -> Image.Image:
    """``image`` with the view adjustments applied (the same image when neutral)."""
    return image if is_neutral(adjustments) else apply_adjustments(image, adjustments)


def decode_preview(case: CaseFile, sha256: str, ext: str) -> Image.Image:
    """A small displayed-frame image for the first paint (the thumbnail, else a draft decode)."""
    try:
        with Image.open(thumbnail_path(case, sha256, ext)) as thumb:
            thumb.load()
            small = thumb.convert("RGB")
        if max(small.size) >= 256:
            return small
    except Exception:  # a broken thumbnail is rebuilt below from the original
        pass
    return open_display_image(case.originals.path_for(sha256, ext), max_side=PREVIEW_SIDE)


def decode_full(case: CaseFile, sha256: str, ext: str) -> Image.Image:
    """The photo at full resolution in the displayed (orientation-corrected) frame."""
    return open_display_image(case.originals.path_for(sha256, ext))
