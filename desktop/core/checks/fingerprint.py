"""What the checks read from one image file: a perceptual hash, the embedded EXIF thumbnail
compared with the image, the mean brightness, and the content credentials.

Runs in the import workers (``ingest_pool``) and on demand for photos imported before
checks existed. Never raises for a bad file: what could not be read is in ``problem``.
"""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import ExifTags, Image, ImageOps, ImageStat

from desktop.core.checks.credentials import read_credentials
from desktop.core.imaging import THUMBNAIL_SIZE, ImagingError, draft_box, open_image

_THUMB_OFFSET, _THUMB_LENGTH = 0x0201, 0x0202  # JPEGInterchangeFormat(Length) in IFD1
# pHash works on 32x32; decode JPEGs small. The import's probe decodes for its thumbnail at
# the same size, so it hands its decode over (``read_decoded``) and yields the same bits.
_HASH_DECODE_SIDE = THUMBNAIL_SIZE
_DARK_BORDER = 24  # thumbnails padded with black bars to 4:3: trimmed before comparing


@dataclass(frozen=True)
class Fingerprint:
    """``phash``: 16 hex digits ("" if the image could not be decoded); ``thumb_distance``:
    bits between the pHash of the EXIF thumbnail and of the image (None: no thumbnail);
    ``mean_luma`` 0..1; ``credentials``: C2PA summary (None: none in the file)."""

    phash: str = ""
    thumb_distance: int | None = None
    mean_luma: float | None = None
    credentials: dict[str, Any] | None = None
    problem: str = ""


# The first 8 rows of the unnormalised DCT-II over 32 samples (scipy.fftpack's type 2):
# the pHash keeps only the 8x8 lowest frequencies, so two small products compute them.
_PHASH_SIDE, _PHASH_BITS = 32, 8
_DCT = tuple(tuple(2.0 * math.cos(math.pi * k * (2 * n + 1) / (2 * _PHASH_SIDE))
                   for n in range(_PHASH_SIDE)) for k in range(_PHASH_BITS))


def phash_image(image: Image.Image) -> str:
    """The 64-bit DCT perceptual hash of a decoded image, as 16 hex digits.

    ImageHash's ``phash(image, hash_size=8)`` recipe (grey, 32x32 Lanczos, DCT, the bits of
    the 8x8 low frequencies above their median), computed in plain Python: ImageHash
    imports SciPy's FFT for it, and NumPy alone costs 0.1-0.25 s of start-up in every import
    worker, against about 3 ms for these 10,240 products. Each product is rounded to
    6 decimals so that summation order (and a flat image's exact zeros) cannot flip a bit.
    """
    grey = image.convert("L").resize((_PHASH_SIDE, _PHASH_SIDE), Image.Resampling.LANCZOS)
    values = grey.tobytes()
    rows = [values[r * _PHASH_SIDE:(r + 1) * _PHASH_SIDE] for r in range(_PHASH_SIDE)]
    # (DCT @ pixels): 8 rows of 32 columns, then (.. @ DCT.T): 8x8.
    half = [[math.fsum(d[r] * rows[r][c] for r in range(_PHASH_SIDE)) for c in range(_PHASH_SIDE)]
            for d in _DCT]
    low = [round(math.fsum(h[c] * d[c] for c in range(_PHASH_SIDE)), 6)
           for h in half for d in _DCT]
    ordered = sorted(low)
    median = (ordered[31] + ordered[32]) / 2
    return f"{sum(1 << (63 - i) for i, v in enumerate(low) if v > median):016x}"


def hamming(a: str, b: str) -> int:
    """Bits that differ between two hashes in hex."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


@dataclass(frozen=True)
class ImageReading:
    """The part of a fingerprint read from the decoded pixels (``problem``: why not)."""

    phash: str = ""
    mean_luma: float | None = None
    thumb_distance: int | None = None
    problem: str = ""


def read_decoded(image: Image.Image) -> ImageReading:
    """Read a fingerprint's pixel part from an image already decoded as ``fingerprint_bytes``
    would decode it (JPEG drafted for 256 px), without changing it. Never raises."""
    try:
        return _measure(image.copy(), _exif_thumbnail(image))
    except Exception as exc:  # a decoder can fail in any way on hostile input
        return ImageReading(problem=f"the image could not be decoded for hashing ({exc})"[:200])


def fingerprint_bytes(data: bytes, mime: str = "image/jpeg",
                      decoded: ImageReading | None = None) -> Fingerprint:
    """Fingerprint one file's bytes (never raises). ``decoded``: the pixel part already read
    from the same bytes by ``read_decoded`` (the import's probe shares its decode)."""
    if decoded is None:
        try:
            decoded = _image_part(data)
        except ImagingError as exc:
            decoded = ImageReading(problem=exc.reason)
        except Exception as exc:  # a decoder can fail in any way on hostile input
            decoded = ImageReading(
                problem=f"the image could not be decoded for hashing ({exc})"[:200])
    problems = [decoded.problem] if decoded.problem else []
    credentials, error = read_credentials(data, mime)
    if error:
        problems.append(error)
    return Fingerprint(decoded.phash, decoded.thumb_distance, decoded.mean_luma, credentials,
                       "; ".join(problems))


def _image_part(data: bytes, thumbnail: bool = True) -> ImageReading:
    with open_image(io.BytesIO(data)) as image:
        thumb = _exif_thumbnail(image) if thumbnail else None
        if image.format == "JPEG":
            image.draft("RGB", draft_box(image.size, _HASH_DECODE_SIDE))
        image.load()
        stored = image.copy()
    return _measure(stored, thumb)


def _measure(stored: Image.Image, thumb: Image.Image | None) -> ImageReading:
    shown = ImageOps.exif_transpose(stored)
    gray = shown.convert("L")
    luma = float(ImageStat.Stat(gray).mean[0]) / 255.0
    phash = phash_image(gray)
    distance = None
    if thumb is not None:
        # The thumbnail is stored as the sensor wrote it, like the main image's pixels.
        distance = hamming(phash_image(_trim_bars(thumb, stored.size)), phash_image(stored))
    return ImageReading(phash, round(luma, 4), distance)


def _exif_thumbnail(image: Image.Image) -> Image.Image | None:
    """The JPEG thumbnail in the EXIF IFD1, decoded, or None."""
    try:
        raw = image.info.get("exif")
        ifd1 = image.getexif().get_ifd(ExifTags.IFD.IFD1)
        offset, length = ifd1.get(_THUMB_OFFSET), ifd1.get(_THUMB_LENGTH)
        if not raw or not offset or not length:
            return None
        tiff = raw[6:] if raw.startswith(b"Exif\x00\x00") else raw
        blob = tiff[int(offset):int(offset) + int(length)]
        if len(blob) < 100:
            return None
        thumb = Image.open(io.BytesIO(blob), formats=["JPEG"])
        thumb.load()
        return thumb
    except Exception:  # an unreadable thumbnail is simply not compared
        return None


def _trim_bars(thumb: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Cut the black bars some cameras add to make a 3:2 thumbnail 4:3."""
    width, height = size
    tw, th = thumb.size
    if not width or not height or abs(tw / th - width / height) < 0.03:
        return thumb
    mask = thumb.convert("L").point(lambda v: 255 if v > _DARK_BORDER else 0)
    box = mask.getbbox()
    return thumb.crop(box) if box else thumb


_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "TIFF": "image/tiff", "WEBP": "image/webp",
         "HEIF": "image/heic"}


def mime_for(fmt: str | None) -> str:
    """The MIME type the credentials reader wants for a Pillow format name."""
    return _MIME.get(fmt or "", "image/jpeg")


def fingerprint_file(path: Path, *, credentials: bool = True) -> tuple[str, Fingerprint]:
    """(SHA-256, fingerprint) of a file; ("", empty) when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return "", Fingerprint(problem=f"unreadable: {exc.strerror or exc}")
    sha = hashlib.sha256(data).hexdigest()
    if not credentials:  # a reference image: only its hash is wanted
        try:
            part = _image_part(data, thumbnail=False)
        except Exception as exc:  # a decoder can fail in any way on hostile input
            return sha, Fingerprint(problem=f"the image could not be decoded ({exc})"[:200])
        return sha, Fingerprint(part.phash, part.thumb_distance, part.mean_luma)
    return sha, fingerprint_bytes(data, mime_for(_format_of(data)))


def _format_of(data: bytes) -> str | None:
    try:
        with open_image(io.BytesIO(data)) as image:
            return str(image.format)
    except ImagingError:
        return None
