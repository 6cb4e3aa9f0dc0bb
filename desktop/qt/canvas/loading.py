"""Decode photos for the viewer: Pillow does the work (orientation, adjustments), Qt shows it.

Functions here run in worker threads too: they return ``QImage`` (safe off the GUI thread),
never ``QPixmap``. A picture is decoded at the resolution it is shown at, and at full
resolution only when the view is zoomed past that (see ``picture.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from PIL import Image
from PySide6.QtGui import QImage

from desktop.core.adjustments import apply_adjustments, is_neutral
from desktop.core.casefile import CaseFile
from desktop.core.imaging import derived_path, open_display_image


def pil_to_qimage(image: Image.Image) -> QImage:
    """A deep copy of a Pillow RGB/RGBA/L image as a ``QImage``.

    RGB becomes ``Format_RGB32`` on little-endian machines: the format a pixmap uses, so
    ``QPixmap.fromImage`` on the GUI thread does not convert a big picture once more.
    """
    if image.mode == "RGBA":
        fmt, data = QImage.Format.Format_RGBA8888, image.tobytes("raw", "RGBA")
        bpl = image.width * 4
    else:
        rgb = image if image.mode == "RGB" else image.convert("RGB")
        if sys.byteorder == "little":
            fmt, data = QImage.Format.Format_RGB32, rgb.tobytes("raw", "BGRX")
            bpl = rgb.width * 4
        else:
            fmt, data = QImage.Format.Format_RGB888, rgb.tobytes("raw", "RGB")
            bpl = rgb.width * 3
    return QImage(data, image.width, image.height, bpl, fmt).copy()


def adjusted(image: Image.Image, adjustments: Mapping[str, Any] | None) -> Image.Image:
    """``image`` with the view adjustments applied (the same image when neutral)."""
    return image if is_neutral(adjustments) else apply_adjustments(image, adjustments)


def quick_preview(case: CaseFile, sha256: str) -> Image.Image | None:
    """The photo's thumbnail if it was already built (for the first paint), else None.

    Never decodes the original: on the GUI thread that could take a second for a big photo.
    """
    path = derived_path(case.derived_dir, "thumb", sha256)
    try:
        with Image.open(path, formats=["JPEG"]) as thumb:
            thumb.load()
            return thumb.convert("RGB")
    except Exception:  # missing or broken: the sharp picture follows shortly
        return None


def decode_at(case: CaseFile, sha256: str, ext: str, side: int, longest: int) -> Image.Image:
    """The photo in the displayed frame with long side ``side`` (full resolution when
    ``side`` reaches the photo's own long side ``longest``); JPEG decodes at reduced scale."""
    path = case.originals.path_for(sha256, ext)
    return open_display_image(path, max_side=None if side >= longest else side)
