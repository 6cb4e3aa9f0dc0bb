"""Small images of annotation crops for the Evidence panel.

A crop is cut from the photo's display preview (orientation applied, long side 2048 px,
kept in ``derived/``), never from a decode of the original at full size, and cached in
memory by photo hash and geometry. The original is only read, never written.
"""

from __future__ import annotations

import json
from functools import lru_cache
from io import BytesIO

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap

from desktop.core.casefile import CaseFile
from desktop.core.imaging import ImagingError, preview_path, thumbnail_path

CROP_SIDE = 88


def annotation_box(shape_type: str, geometry: dict) -> tuple[float, float, float, float]:
    """``(left, top, right, bottom)`` of an annotation in displayed-image pixels."""
    if shape_type == "rect":
        x, y, w, h = (float(geometry[k]) for k in ("x", "y", "w", "h"))
        return x, y, x + w, y + h
    if shape_type == "polygon":
        xs = [float(p[0]) for p in geometry["points"]]
        ys = [float(p[1]) for p in geometry["points"]]
        return min(xs), min(ys), max(xs), max(ys)
    x, y = float(geometry["x"]), float(geometry["y"])
    return x - 40, y - 40, x + 40, y + 40  # a point: show its surroundings


@lru_cache(maxsize=256)
def _crop_png(preview: str, photo_width: int, shape_type: str, geometry_json: str) -> bytes:
    geometry = json.loads(geometry_json)
    left, top, right, bottom = annotation_box(shape_type, geometry)
    pad = 0.08 * max(right - left, bottom - top, 20)
    with Image.open(preview) as image:
        scale = image.width / max(1, photo_width)
        box = (
            max(0, int((left - pad) * scale)), max(0, int((top - pad) * scale)),
            min(image.width, int((right + pad) * scale) + 1),
            min(image.height, int((bottom + pad) * scale) + 1),
        )
        if box[2] <= box[0] or box[3] <= box[1]:
            return b""
        crop = image.convert("RGB").crop(box)
    crop.thumbnail((CROP_SIDE * 2, CROP_SIDE * 2), Image.Resampling.LANCZOS)
    out = BytesIO()
    crop.save(out, "PNG")
    return out.getvalue()


def crop_pixmap(case: CaseFile, *, sha256: str, ext: str, photo_width: int, shape_type: str,
                geometry: dict, ratio: float = 1.0) -> QPixmap | None:
    """The annotation's crop as a pixmap (None when the photo cannot be read)."""
    try:
        preview = preview_path(case, sha256, ext)
        data = _crop_png(str(preview), photo_width, shape_type,
                         json.dumps(geometry, sort_keys=True))
    except (ImagingError, OSError, KeyError, ValueError, TypeError):
        return None
    if not data:
        return None
    image = QImage.fromData(data, "PNG")
    pixmap = QPixmap.fromImage(image)
    side = int(CROP_SIDE * ratio)
    pixmap = pixmap.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                           Qt.TransformationMode.SmoothTransformation)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def photo_pixmap(case: CaseFile, *, sha256: str, ext: str, ratio: float = 1.0) -> QPixmap | None:
    """The whole photo's thumbnail, for evidence linked to a photo rather than a region."""
    try:
        path = thumbnail_path(case, sha256, ext)
    except (ImagingError, OSError):
        return None
    pixmap = QPixmap(str(path))
    if pixmap.isNull():
        return None
    side = int(CROP_SIDE * ratio)
    pixmap = pixmap.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                           Qt.TransformationMode.SmoothTransformation)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap
