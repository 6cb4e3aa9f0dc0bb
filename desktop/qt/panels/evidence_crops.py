"""Small images of annotation crops (and whole photos) for the Evidence panel.

A crop is cut from the photo's display preview (orientation applied, long side 2048 px,
kept in ``derived/``), never from a full-size decode of the original, and cached in
memory by photo hash and geometry. The original is only read, never written.

``render_images`` is thread-safe (Pillow and files only) and runs in a worker; the GUI
thread turns its PNG bytes into pixmaps with ``to_pixmap``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from typing import Any

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap

from desktop.core.casefile import CaseFile
from desktop.core.imaging import ImagingError, preview_path, thumbnail_path
from desktop.core.shape_geometry import bounds as shape_bounds

CROP_SIDE = 88


@dataclass(frozen=True)
class ImageRequest:
    """What to draw for one evidence item: a region of a photo, or the whole photo."""

    sha256: str
    ext: str
    photo_width: int
    shape_type: str | None = None  # None: the whole photo
    geometry_json: str = ""

    @classmethod
    def for_region(cls, sha256: str, ext: str, photo_width: int, shape_type: str,
                   geometry: dict[str, Any]) -> ImageRequest:
        """A request for an annotation's crop."""
        return cls(sha256, ext, photo_width, shape_type, json.dumps(geometry, sort_keys=True))


def annotation_box(shape_type: str, geometry: dict) -> tuple[float, float, float, float]:
    """``(left, top, right, bottom)`` of an annotation in displayed-image pixels."""
    if shape_type != "point":
        return shape_bounds(shape_type, geometry)
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


def render_image(case: CaseFile, request: ImageRequest) -> bytes:
    """PNG (or JPEG thumbnail) bytes for one request; b"" when the photo cannot be read."""
    try:
        if request.shape_type is None:
            return thumbnail_path(case, request.sha256, request.ext).read_bytes()
        preview = preview_path(case, request.sha256, request.ext)
        return _crop_png(str(preview), request.photo_width, request.shape_type,
                         request.geometry_json)
    except (ImagingError, OSError, KeyError, ValueError, TypeError):
        return b""


def render_images(case: CaseFile, requests: list[ImageRequest]) -> dict[ImageRequest, bytes]:
    """Every requested image (run in a worker thread)."""
    return {request: render_image(case, request) for request in requests}


def to_pixmap(data: bytes, ratio: float = 1.0) -> QPixmap | None:
    """A pixmap no larger than the icon size (GUI thread only)."""
    if not data:
        return None
    image = QImage.fromData(data)
    if image.isNull():
        return None
    side = int(CROP_SIDE * ratio)
    pixmap = QPixmap.fromImage(image).scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    pixmap.setDevicePixelRatio(ratio)
    return pixmap
