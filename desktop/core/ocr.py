"""Optional OCR: suggest readings of the text in a crop of a photo.

Uses RapidOCR with onnxruntime (the ``ocr`` extra: ``pip install 'fragment[ocr]'``, which
installs ``rapidocr`` 3, built on headless OpenCV), whose ONNX detection and recognition
models ship inside the wheel, so nothing is downloaded at run time. The older
``rapidocr-onnxruntime`` package is used when it is the one installed. Everything else in
Fragment works without either; check ``ocr_available()`` first.

Suggestions are only suggestions: the investigator confirms or corrects every reading.

Threading: the engine is created once per process and calls are serialised by a lock, so
``suggest_readings`` may be called from a worker thread (not from several at once in
parallel, which would gain nothing on a CPU engine).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from PIL import Image

from desktop.core.adjustments import apply_adjustments
from desktop.core.catalog import default_catalog
from desktop.core.errors import UserError
from desktop.core.markings import Catalog, CatalogMatch, normalize_marking

NOT_INSTALLED = ("the optional OCR extra is not installed "
                 "(install it with: pip install 'fragment[ocr]')")
MIN_SIDE_PX = 96  # smaller crops are enlarged: the detector misses very small text
MAX_SIDE_PX = 2000  # larger crops are reduced to keep a suggestion under a few seconds

_lock = threading.Lock()


@dataclass(frozen=True)
class OcrCandidate:
    """One suggested reading: the text as recognised, its confidence (0..1), its normalised
    key and the catalog entries it matches. ``box`` is the text's corner points in the
    pixels of the image passed in."""

    text: str
    confidence: float
    normalized: str
    matches: tuple[CatalogMatch, ...]
    box: tuple[tuple[float, float], ...] = ()


_QT_VARIABLES = ("QT_QPA_PLATFORM_PLUGIN_PATH", "QT_QPA_FONTDIR")
#: The engine packages, preferred first: RapidOCR 3, then the older rapidocr-onnxruntime.
ENGINE_MODULES = ("rapidocr", "rapidocr_onnxruntime")


def ocr_installed() -> bool:
    """Cheap check (nothing imported) that an OCR engine package is installed."""
    for name in ENGINE_MODULES:
        try:
            if importlib.util.find_spec(name) is not None:
                return True
        except (ImportError, ValueError):  # a module blocked or half-imported
            continue
    return False


class _Rapidocr3:
    """``rapidocr`` 3 behind the older package's call: ``engine(array)`` gives
    ``([(box, text, score), ...] or None, timings)``."""

    def __init__(self, engine_class: Any) -> None:
        self._engine = engine_class()

    def __call__(self, array: Any) -> tuple[list[tuple[Any, str, float]] | None, None]:
        out = self._engine(array)
        if out.txts is None:
            return None, None
        return list(zip(out.boxes, out.txts, out.scores, strict=True)), None


def _import_engine_class() -> Any:
    # The engine pulls in OpenCV; the non-headless wheel (which rapidocr-onnxruntime asks
    # for) points QT_QPA_* at its own Qt 5 plugins on import, which would break the
    # application's Qt. Put them back as they were.
    saved = {name: os.environ.get(name) for name in _QT_VARIABLES}
    try:
        try:
            from rapidocr import RapidOCR as Rapidocr3
        except ImportError:
            from rapidocr_onnxruntime import RapidOCR
        else:
            # It logs every model it loads at INFO level on stderr.
            logging.getLogger("RapidOCR").setLevel(logging.ERROR)
            return lambda: _Rapidocr3(Rapidocr3)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return RapidOCR


@cache
def ocr_available() -> bool:
    """True when the OCR extra is installed and its engine can be imported."""
    try:
        _import_engine_class()
    except Exception:  # ImportError, or a native library that fails to load
        return False
    return True


@cache
def _engine() -> Any:
    return _import_engine_class()()


def _prepare(image: Image.Image, adjustments: Mapping[str, Any] | None
             ) -> tuple[Image.Image, float]:
    img = apply_adjustments(image, adjustments).convert("RGB")
    longest = max(img.size)
    scale = 1.0
    if longest < MIN_SIDE_PX:
        scale = MIN_SIDE_PX * 2 / longest
    elif longest > MAX_SIDE_PX:
        scale = MAX_SIDE_PX / longest
    if scale != 1.0:
        size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
        img = img.resize(size, Image.Resampling.LANCZOS)
    # A white margin helps the detector with text that touches the crop's edge.
    framed = Image.new("RGB", (img.width + 32, img.height + 32), "white")
    framed.paste(img, (16, 16))
    return framed, scale


def suggest_readings(
    image: Image.Image,
    *,
    adjustments: Mapping[str, Any] | None = None,
    catalog: Catalog | None = None,
) -> list[OcrCandidate]:
    """Readings of the text in ``image`` (a crop), best first.

    ``adjustments`` are the view adjustments (see ``desktop.core.adjustments``) applied
    before recognition. Each recognised line is a candidate; when a line holds several
    words, each word that matches the catalog is offered on its own too. Raises
    ``UserError`` when the OCR extra is not installed.
    """
    if not ocr_available():
        raise UserError(NOT_INSTALLED)
    if image.width < 1 or image.height < 1:
        return []
    import numpy as np

    prepared, scale = _prepare(image, adjustments)
    with _lock:
        result, _timings = _engine()(np.asarray(prepared))
    catalog = catalog or default_catalog()
    found: dict[str, OcrCandidate] = {}
    for box, text, score in result or ():
        points = tuple(((x - 16) / scale, (y - 16) / scale) for x, y in box)
        words = text.split()
        for piece in [text] + (words if len(words) > 1 else []):
            key = normalize_marking(piece)
            if not key or (piece is not text and not catalog.match(piece)):
                continue
            candidate = OcrCandidate(piece.strip(), float(score), key,
                                     tuple(catalog.match(piece)), points)
            if key not in found or found[key].confidence < candidate.confidence:
                found[key] = candidate
    return sorted(found.values(), key=lambda c: (not c.matches, -c.confidence))


#: Photo kept around a shape when it is read: text detectors miss lettering that fills the
#: whole crop, and real surroundings work better than a plain frame (on the demo's stencilled
#: index codes, a third of the text height on each side reads "9M723" where a tight crop
#: finds nothing).
CONTEXT_OF_TEXT_HEIGHT = 0.3


def context_box(bbox: tuple[float, float, float, float], size: tuple[int, int]
                ) -> tuple[int, int, int, int]:
    """The pixel box to read for a shape's ``bbox`` (x, y, w, h), clipped to the photo."""
    x, y, w, h = bbox
    margin = max(CONTEXT_OF_TEXT_HEIGHT * min(w, h), 12.0)
    width, height = size
    return (max(0, int(x - margin)), max(0, int(y - margin)),
            min(width, int(x + w + margin + 1)), min(height, int(y + h + margin + 1)))


def suggest_readings_in_region(
    image: Image.Image,
    bbox: tuple[float, float, float, float],
    *,
    adjustments: Mapping[str, Any] | None = None,
    catalog: Catalog | None = None,
) -> list[OcrCandidate]:
    """Readings of the text inside ``bbox`` (x, y, w, h) of a displayed photo, with context."""
    crop = image.crop(context_box(bbox, image.size))
    return suggest_readings(crop, adjustments=adjustments, catalog=catalog)


@dataclass(frozen=True)
class OcrLine:
    """A line of text recognised in an image, with its box (x, y, w, h) in its pixels."""

    text: str
    confidence: float
    box: tuple[int, int, int, int]


def read_lines(image: Image.Image) -> list[OcrLine]:
    """Every line of text in ``image`` (a screenshot, a photographed page), as recognised;
    order is the engine's. Raises ``UserError`` when the OCR extra is not installed."""
    if not ocr_available():
        raise UserError(NOT_INSTALLED)
    if image.width < 1 or image.height < 1:
        return []
    import numpy as np

    prepared, scale = _prepare(image, None)
    with _lock:
        result, _timings = _engine()(np.asarray(prepared))
    lines = []
    for box, text, score in result or ():
        xs = [(x - 16) / scale for x, _y in box]
        ys = [(y - 16) / scale for _x, y in box]
        left, top = max(0, int(min(xs))), max(0, int(min(ys)))
        lines.append(OcrLine(text.strip(), float(score), (
            left, top, min(image.width, int(max(xs)) + 1) - left,
            min(image.height, int(max(ys)) + 1) - top)))
    return [line for line in lines if line.text]
