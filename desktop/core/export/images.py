"""Prepare the dossier's images: decode once, burn in redactions, downscale, crop, encode.

Each photo is decoded once at reduced scale (JPEG ``draft``) to about ``WORK_SIDE`` pixels;
the page image and the larger annotation crops come from that one decode. A crop that would
have to be enlarged from it (a small marking on a large photo) is cut from one extra,
full-resolution decode of that photo instead, so fine stencilling stays legible.
Redactions are burned into the pixels before anything is cut or encoded, and again after
view adjustments so an "invert" cannot turn a black box into a see-through one. Photos are
prepared in worker processes; only plain bytes and numbers come back.
"""

from __future__ import annotations

import hashlib
import io
import math
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageDraw, ImageOps

from desktop.core.adjustments import apply_adjustments, is_neutral
from desktop.core.redaction import POINT_RADIUS

if TYPE_CHECKING:  # workers import this module: keep it free of the database layers
    from desktop.core.queries.dossier import PhotoInfo

WORK_SIDE = 1600
"""Smallest long side to decode to; JPEG draft mode then decodes at the largest 1/2, 1/4 or
1/8 scale that still gives at least this (a 4000 x 3000 photo decodes at 2000 x 1500)."""
PAGE_SIDE = 1600
CROP_MIN_SIDE = 560
"""A crop is printed up to 70 mm wide: 560 pixels keep it above 200 ppi."""
FULL_RESOLUTION_BELOW = 240
"""A crop whose long side in the reduced decode is under this (so it would be enlarged more
than twice) is cut from the full-resolution original instead."""
CROP_MAX_SIDE = 1200
PAGE_QUALITY = 80
CROP_QUALITY = 88
PARALLEL_FROM = 8  # below this, starting worker processes costs more than it saves

Outline = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class CropJob:
    number: int
    box: tuple[float, float, float, float]
    """``(left, top, right, bottom)`` in displayed-image pixels, padding included."""


@dataclass(frozen=True)
class ImageJob:
    """Everything a worker needs for one photo (picklable)."""

    key: str
    path: str
    width: int
    height: int
    redactions: tuple[Outline, ...]
    crops: tuple[CropJob, ...]
    adjustments: dict[str, Any]


@dataclass(frozen=True)
class PreparedCrop:
    jpeg: bytes
    size: tuple[int, int]
    box: tuple[float, float, float, float]
    """The displayed-image region shown, in displayed-image pixels."""


@dataclass(frozen=True)
class PreparedImage:
    key: str
    jpeg: bytes = b""
    size: tuple[int, int] = (0, 0)
    crops: tuple[tuple[int, PreparedCrop], ...] = ()
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    @cached_property
    def jpeg_key(self) -> bytes:
        """``jpeg_key`` of the page image, hashed once for every place it is drawn."""
        return jpeg_key(self.jpeg)

    def crop(self, number: int) -> PreparedCrop | None:
        """The crop prepared for annotation ``number``, if any."""
        return next((c for n, c in self.crops if n == number), None)


def jpeg_key(jpeg: bytes) -> bytes:
    """The name of a JPEG in the PDF: its SHA-256 (so an image drawn twice is stored once)."""
    return hashlib.sha256(jpeg).hexdigest().encode("ascii")


def crop_box(points: Outline, width: int, height: int) -> tuple[float, float, float, float]:
    """The region shown for an annotation: its bounding box with a margin, inside the photo."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    left, top, right, bottom = min(xs), min(ys), max(xs), max(ys)
    floor = max(width, height) * 0.04  # a point or a thin line still gets some context
    pad = max(right - left, bottom - top) * 0.15
    half_w = max((right - left) / 2 + pad, floor)
    half_h = max((bottom - top) / 2 + pad, floor)
    cx, cy = (left + right) / 2, (top + bottom) / 2
    return (max(0.0, cx - half_w), max(0.0, cy - half_h),
            min(float(width), cx + half_w), min(float(height), cy + half_h))


def job_for(photo: PhotoInfo) -> ImageJob:
    """The image work for one photo of the dossier."""
    return ImageJob(
        key=photo.uid,
        path=str(photo.original_path),
        width=photo.width,
        height=photo.height,
        redactions=tuple(a.points for a in photo.annotations if a.is_redaction),
        crops=tuple(  # no crop of what a redaction covers: the dossier withholds it
            CropJob(a.number, crop_box(a.points, photo.width, photo.height))
            for a in photo.annotations if not a.is_redaction and not a.withheld
        ),
        adjustments=dict(photo.view_adjustments),
    )


def _burn(image: Image.Image, job: ImageJob, scale: float,
          offset: tuple[float, float] = (0.0, 0.0)) -> None:
    """Fill every redaction of ``job`` in ``image`` (``scale`` image px per displayed px).

    A point redaction is a disc sized from the photo (not from ``image``, which may be a
    crop), so that it hides the same area in every image and matches what
    ``desktop.core.redaction`` counts as covered.
    """
    outlines = job.redactions
    draw = ImageDraw.Draw(image)
    fill = 0 if image.mode == "L" else (0, 0, 0)
    radius = POINT_RADIUS * max(job.width, job.height) * scale
    ox, oy = offset
    for outline in outlines:
        pts = [((x - ox) * scale, (y - oy) * scale) for x, y in outline]
        if len(pts) == 1:
            (x, y), = pts
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)
        else:
            draw.polygon(pts, fill=fill, outline=fill)


def _jpeg(image: Image.Image, quality: int) -> bytes:
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=False, progressive=False)
    return buffer.getvalue()


def decode(path: Path, long_side: int) -> Image.Image:
    """The photo as displayed (orientation applied), decoded at reduced scale when possible.

    Draft mode is asked for a size with the photo's own aspect ratio: asking for a square
    box would make it decode a 4:3 photo at full size.
    """
    from desktop.core.imaging import open_display_image, open_image

    try:
        with open_image(path) as image:
            w, h = image.size
            scale = long_side / max(w, h)
            if image.format == "JPEG" and scale < 1:
                image.draft("RGB", (max(1, math.ceil(w * scale)), max(1, math.ceil(h * scale))))
            image.load()
            # in place: otherwise an upright photo is copied whole for nothing
            ImageOps.exif_transpose(image, in_place=True)
    except Exception:  # truncated and odd files: the careful, slower path
        return open_display_image(path, max_side=long_side)
    # leaving the block closed the file; the decoded pixels stay
    return image if image.mode == "RGB" else image.convert("RGB")


def prepare_image(job: ImageJob) -> PreparedImage:
    """Decode, redact, downscale and crop one photo. Never raises: errors are reported."""
    try:
        work = decode(Path(job.path), WORK_SIDE)
    except Exception as exc:  # a damaged or missing original must not stop the dossier
        return PreparedImage(job.key, error=str(exc) or type(exc).__name__)
    if work.mode != "RGB":
        work = work.convert("RGB")
    scale = work.width / job.width if job.width else 1.0
    _burn(work, job, scale)
    crops = []
    full: Image.Image | None = None  # decoded at most once, and only if a crop needs it
    for crop in job.crops:
        left, top, right, bottom = crop.box
        source, s = work, scale
        if scale < 1 and max(right - left, bottom - top) * scale < FULL_RESOLUTION_BELOW:
            # The reduced decode would be enlarged here, blurring the very marking the crop
            # exists to show: cut it from the full-resolution original instead.
            if full is None:
                full = _full_resolution(job)
            if full is not None:
                source, s = full, full.width / job.width if job.width else 1.0
        region = source.crop((round(left * s), round(top * s),
                              max(round(right * s), round(left * s) + 1),
                              max(round(bottom * s), round(top * s) + 1)))
        long_side = max(region.size)
        if long_side < CROP_MIN_SIDE:  # enlarge small regions so they print smoothly
            factor = CROP_MIN_SIDE / long_side
            region = region.resize((max(1, round(region.width * factor)),
                                    max(1, round(region.height * factor))),
                                   Image.Resampling.LANCZOS)
        elif long_side > CROP_MAX_SIDE:
            region.thumbnail((CROP_MAX_SIDE, CROP_MAX_SIDE), Image.Resampling.LANCZOS)
        if not is_neutral(job.adjustments):
            region = apply_adjustments(region, job.adjustments)
            crop_scale = region.width / max(right - left, 1e-9)
            _burn(region, job, crop_scale, (left, top))
        crops.append((crop.number, PreparedCrop(_jpeg(region, CROP_QUALITY), region.size,
                                                crop.box)))
    # The page image last, from the decode itself: the crops above were cut from it, so
    # it is downscaled in place instead of copied first.
    page = work
    if max(page.size) > PAGE_SIDE:
        page.thumbnail((PAGE_SIDE, PAGE_SIDE), Image.Resampling.LANCZOS)
    return PreparedImage(job.key, _jpeg(page, PAGE_QUALITY), page.size, tuple(crops))


def _full_resolution(job: ImageJob) -> Image.Image | None:
    """The photo at full size with redactions burned in, or None if it cannot be decoded."""
    try:
        image = decode(Path(job.path), max(job.width, job.height, 1))
    except Exception:  # the reduced image still gives a usable, if softer, crop
        return None
    if image.mode != "RGB":
        image = image.convert("RGB")
    _burn(image, job, image.width / job.width if job.width else 1.0)
    return image


def default_workers() -> int:
    """Worker processes worth starting: the idle CPUs (at most four).

    Measured on a two-core machine already busy with other work, two workers took twice as
    long per photo as one, so the load average counts against the CPU count.
    """
    cpus = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except (OSError, AttributeError):  # not available on Windows
        busy = 0.0
    return max(1, min(round(cpus - busy), 4))


def prepare_images(
    jobs: Sequence[ImageJob],
    *,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> dict[str, PreparedImage]:
    """Prepare every photo, in parallel processes when there are several; keyed by job key."""
    total = len(jobs)
    results: dict[str, PreparedImage] = {}
    workers = workers or default_workers()
    if total < PARALLEL_FROM or workers < 2:
        for done, job in enumerate(jobs, 1):
            results[job.key] = prepare_image(job)
            if progress:
                progress(done, total)
        return results
    # "spawn" starts clean interpreters: forking a process that runs GUI threads is unsafe.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(prepare_image, job) for job in jobs]
        for done, future in enumerate(as_completed(futures), 1):
            result = future.result()
            results[result.key] = result
            if progress:
                progress(done, total)
    return results
