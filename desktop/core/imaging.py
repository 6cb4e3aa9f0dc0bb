"""Safe image opening: restricted decoders, decompression-bomb refusal, truncation detection.

Policies (see docs/import.md):
- Only JPEG, PNG, TIFF, WebP, HEIC/HEIF, BMP and GIF (first frame) are decoded; the format
  is detected from the content, never from the file name.
- An image with more pixels than ``Image.MAX_IMAGE_PIXELS`` is a decompression bomb: it is
  refused before any pixel is decoded.
- A truncated file is kept and flagged ``truncated``: it may be the only copy an
  investigator has, and the pixels that are there are still evidence. Its display shows
  the decoded part (the rest is filled by the decoder).
- Pixel sizes and displayed images are always as displayed, i.e. after EXIF orientation.
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

import pillow_heif
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from desktop.core.atomic import atomic_file
from desktop.core.errors import FragmentError

if TYPE_CHECKING:
    from desktop.core.casefile import CaseFile

pillow_heif.register_heif_opener()

# Pillow format names we decode, and the store extension of each.
FORMATS: tuple[str, ...] = ("JPEG", "PNG", "TIFF", "WEBP", "HEIF", "BMP", "GIF")
CANONICAL_EXT = {"JPEG": "jpg", "PNG": "png", "TIFF": "tif", "WEBP": "webp", "HEIF": "heic",
                 "BMP": "bmp", "GIF": "gif"}
KNOWN_EXTS = {"JPEG": {"jpg", "jpeg", "jpe", "jfif"}, "PNG": {"png"}, "TIFF": {"tif", "tiff"},
              "WEBP": {"webp"}, "HEIF": {"heic", "heif", "hif"}, "BMP": {"bmp", "dib"},
              "GIF": {"gif"}}
# What a few common non-image or unsupported files start with, for a clearer reason.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive"), (b"8BPS", "a Photoshop file"),
    (b"\x00\x00\x01\x00", "an icon file"), (b"RIFF", "a RIFF media file"),
    (b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"), (b"GIF8", "a GIF image"),
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"BM", "a BMP image"),
)
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_ORIENTATION_TAG = 0x0112
_SWAPPING_ORIENTATIONS = {5, 6, 7, 8}
THUMBNAIL_SIZE = 256
PREVIEW_SIZE = 2048
_truncated_lock = threading.Lock()


class ImagingError(FragmentError):
    """The file cannot be used as a photo; ``reason`` is one sentence for the user."""

    def __init__(self, reason: str, *, code: str = "unreadable") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


@dataclass(frozen=True)
class ImageProbe:
    """What decoding a file told us, in displayed (orientation-corrected) pixels."""

    format: str
    width: int
    height: int
    stored_width: int
    stored_height: int
    orientation: int | None
    frames: int
    truncated: bool

    @property
    def ext(self) -> str:
        """The canonical store extension for the format."""
        return CANONICAL_EXT[self.format]


def max_pixels() -> int:
    """The largest pixel count we decode (Pillow's own bomb threshold)."""
    return int(Image.MAX_IMAGE_PIXELS or 89_478_485)


def describe_content(head: bytes) -> str:
    """A short description of what a file that is not a supported image seems to be."""
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "a WebP image"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head[4:8] == b"ftyp":
        if head[8:12] in _HEIF_BRANDS:
            return "a HEIF image"
        return "a video or an unsupported ISO media file"
    return ""


def container_truncated(data: bytes) -> bool:
    """True when a HEIF or WebP file is shorter than its own container says."""
    what = describe_content(data[:16])
    if what == "a HEIF image":
        return isobmff_truncated(data)
    if what == "a WebP image":
        return int.from_bytes(data[4:8], "little") + 8 > len(data)
    return False


def isobmff_truncated(data: bytes) -> bool:
    """True when an ISO media file (HEIF) ends inside one of its top-level boxes.

    libheif decodes a HEIF whose image data was cut off without an error (missing tiles
    come out blank), so the container's own sizes are checked instead.
    """
    pos, end = 0, len(data)
    while pos + 8 <= end:
        size = int.from_bytes(data[pos:pos + 4], "big")
        header = 8
        if size == 1:  # 64-bit size follows the type
            if pos + 16 > end:
                return True
            size = int.from_bytes(data[pos + 8:pos + 16], "big")
            header = 16
        elif size == 0:  # the box runs to the end of the file
            return False
        if size < header:
            return False  # malformed; the decoder judges it
        if pos + size > end:
            return True
        pos += size
    return False


def store_ext(fmt: str, file_name: str) -> str:
    """The extension to store an original under: the file's own if it fits the format."""
    own = Path(file_name).suffix.lower().lstrip(".")
    return own if own in KNOWN_EXTS.get(fmt, set()) else CANONICAL_EXT[fmt]


def open_image(source: Path | IO[bytes]) -> Image.Image:
    """Open (header only) with the restricted decoders; refuse bombs. Raises ImagingError."""
    try:
        image = Image.open(source, formats=list(FORMATS))
    except Image.DecompressionBombError as exc:
        raise ImagingError(f"decompression bomb refused ({exc})", code="bomb") from exc
    except UnidentifiedImageError as exc:
        raise ImagingError(_unidentified_reason(source), code="not_image") from exc
    except (OSError, ValueError, SyntaxError, IndexError, TypeError, EOFError) as exc:
        raise ImagingError(f"unreadable image: {exc}", code="unreadable") from exc
    width, height = image.size
    if width <= 0 or height <= 0:
        image.close()
        raise ImagingError("unreadable image: it has no pixels", code="unreadable")
    if width * height > max_pixels():
        image.close()
        raise ImagingError(
            f"decompression bomb refused: {width}x{height} pixels is more than the "
            f"limit of {max_pixels():,}", code="bomb")
    return image


def _unidentified_reason(source: Path | IO[bytes]) -> str:
    try:
        if isinstance(source, Path):
            with open(source, "rb") as handle:
                head = handle.read(16)
        else:
            source.seek(0)
            head = source.read(16)
    except OSError:
        head = b""
    if not head:
        return "empty file"
    what = describe_content(head)
    if what and "image" in what:
        return f"unreadable image: it starts like {what} but cannot be decoded"
    if what:
        return f"unsupported format: this is {what}, not a photo"
    return "not an image: the content is not a supported image format"


def file_orientation(image: Image.Image) -> int | None:
    """The EXIF orientation Pillow will apply to this decoded image (None when absent)."""
    try:
        value = image.getexif().get(_ORIENTATION_TAG)
    except Exception:  # a broken EXIF block must never stop a probe
        return None
    return value if isinstance(value, int) else None


def displayed_size(image: Image.Image) -> tuple[int, int]:
    """Width and height after EXIF orientation (5-8 swap the sides)."""
    width, height = image.size
    if file_orientation(image) in _SWAPPING_ORIENTATIONS:
        return height, width
    return width, height


def probe_bytes(data: bytes, *, thumbnail_to: Path | None = None,
                on_decoded: Callable[[Image.Image], None] | None = None) -> ImageProbe:
    """Decode ``data`` fully (at reduced scale for JPEG) to learn its size and integrity.

    When ``thumbnail_to`` is given, the thumbnail is written there from the same decode.
    ``on_decoded(image)`` is called with the decoded image (JPEG: drafted for
    ``THUMBNAIL_SIZE``) when it decoded whole, so other readings share the decode; it must
    not raise nor change the image.
    Raises ImagingError with the rejection reason. A truncated file that still decodes is
    returned with ``truncated=True``; one from which nothing decodes is rejected.
    """
    if not data:
        raise ImagingError("empty file", code="empty")
    try:
        return _probe(data, thumbnail_to, on_decoded)
    except ImagingError as exc:
        if exc.code in ("unreadable", "not_image") and container_truncated(data):
            raise ImagingError("truncated: the file ends early and no image could be decoded "
                               "from it", code="truncated") from exc
        raise


def _probe(data: bytes, thumbnail_to: Path | None,
           on_decoded: Callable[[Image.Image], None] | None) -> ImageProbe:
    with open_image(io.BytesIO(data)) as image:
        fmt = str(image.format)
        stored_w, stored_h = image.size
        orientation = file_orientation(image)
        width, height = displayed_size(image)
        frames = int(getattr(image, "n_frames", 1) or 1)
        # libheif decodes a cut-off HEIF without complaint: check the container instead
        truncated = fmt == "HEIF" and isobmff_truncated(data)
        decoded = False
        try:
            _decode_for_thumbnail(image)
            decoded = True
        except Image.DecompressionBombError as exc:
            raise ImagingError(f"decompression bomb refused ({exc})", code="bomb") from exc
        except OSError as exc:
            if "truncated" not in str(exc) and "broken data stream" not in str(exc):
                raise ImagingError(f"unreadable image: {exc}", code="unreadable") from exc
            truncated = True
        except (ValueError, SyntaxError, IndexError, TypeError, EOFError) as exc:
            raise ImagingError(f"unreadable image: {exc}", code="unreadable") from exc
        if on_decoded is not None and decoded:
            on_decoded(image)
        if thumbnail_to is not None and decoded:
            _try_thumbnail(image, thumbnail_to, allow_truncated=False)
    if thumbnail_to is not None and not decoded:
        with open_image(io.BytesIO(data)) as image:
            _try_thumbnail(image, thumbnail_to, allow_truncated=True)
    return ImageProbe(format=fmt, width=width, height=height, stored_width=stored_w,
                      stored_height=stored_h, orientation=orientation, frames=frames,
                      truncated=truncated)


def _try_thumbnail(image: Image.Image, target: Path, *, allow_truncated: bool) -> None:
    # A thumbnail is a convenience rebuilt on demand; failing to write one never rejects.
    with contextlib.suppress(Exception):
        _write_scaled(image, target, THUMBNAIL_SIZE, allow_truncated=allow_truncated)


def _decode_for_thumbnail(image: Image.Image) -> None:
    if image.format == "JPEG":
        # draft() decodes at 1/2..1/8 scale, yet still reads every byte of the scan, so a
        # truncated file is still noticed.
        image.draft("RGB", draft_box(image.size, THUMBNAIL_SIZE))
    image.load()


@contextmanager
def _truncated_allowed(allow: bool) -> Iterator[None]:
    """Let Pillow decode a truncated file, for display only, never for a probe.

    Pillow only has a process-wide switch; it is held under a lock and restored at once.
    """
    if not allow:
        yield
        return
    with _truncated_lock:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = True
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def draft_box(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """The box to pass to ``Image.draft`` so the long edge still reaches ``max_side``.

    ``draft`` keeps both sides at least as large as the box, so a square box would force
    the short side up to ``max_side`` too and decode a 4:3 photo at a needlessly large scale.
    """
    width, height = size
    longest = max(width, height, 1)
    scale = min(1.0, max_side / longest)
    return max(1, round(width * scale)), max(1, round(height * scale))


def open_display_image(path: Path, max_side: int | None = None) -> Image.Image:
    """The photo as displayed: orientation applied, RGB or RGBA, optionally downscaled.

    Annotation coordinates are in this image's pixel frame (at ``max_side=None``). A
    truncated file shows what could be decoded. Raises ImagingError for unusable files.
    """
    with open_image(Path(path)) as image:
        if max_side is not None and image.format == "JPEG":
            image.draft("RGB", draft_box(image.size, max_side))
        with _truncated_allowed(True):
            try:
                image.load()
            except (OSError, ValueError, SyntaxError, IndexError, TypeError, EOFError) as exc:
                raise ImagingError(f"unreadable image: {exc}") from exc
        shown = ImageOps.exif_transpose(image)  # always a new image
        shown = to_8bit_color(shown)
        if max_side is not None and max(shown.size) > max_side:
            shown.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        return shown


def to_8bit_color(image: Image.Image) -> Image.Image:
    """RGB, or RGBA when the image has transparency; 16-bit and float images are scaled
    to 8 bits instead of clipped (a plain convert turns most of a 16-bit scan white)."""
    if image.mode in ("RGB", "RGBA"):
        return image
    if image.mode.startswith("I;16") or image.mode in ("I", "F"):
        wide = image.convert("F")
        # one band, so one (min, max) pair
        low, high = (float(v) for v in cast(tuple[float, float], wide.getextrema()))
        # keep the file's own scale when it has one (no silent contrast stretch)
        if image.mode.startswith("I;16") or (image.mode == "I" and low >= 0 and high <= 65535):
            low, high = 0.0, 65535.0
        elif image.mode == "F" and low >= 0 and high <= 1:
            low, high = 0.0, 1.0
        span = (high - low) or 1.0
        return wide.point(lambda v: (v - low) * 255.0 / span).convert("L").convert("RGB")
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def _write_scaled(image: Image.Image, target: Path, size: int, *, allow_truncated: bool) -> None:
    if image.format == "JPEG":
        image.draft("RGB", draft_box(image.size, size))
    with _truncated_allowed(allow_truncated):
        image.load()
    shown = ImageOps.exif_transpose(image)
    shown = to_8bit_color(shown)
    if shown.mode != "RGB":
        background = Image.new("RGB", shown.size, (255, 255, 255))
        rgba = shown.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        shown = background
    shown.thumbnail((size, size), Image.Resampling.LANCZOS)
    atomic_save_jpeg(shown, target)


def atomic_save_jpeg(image: Image.Image, target: Path, quality: int = 85) -> None:
    """Write a JPEG via a temporary file and rename, so readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # derived files are a cache that is rebuilt when missing: no fsync
    with atomic_file(target, durable=False) as tmp, open(tmp, "wb") as out:
        image.save(out, "JPEG", quality=quality)


def derived_path(derived_dir: Path, kind: str, sha256: str) -> Path:
    """Where a derived file (``thumb`` or ``preview``) of the photo with this hash lives."""
    sha256 = sha256.lower()
    return derived_dir / kind / sha256[:2] / f"{sha256}.jpg"


def _build_derived(case: CaseFile, sha256: str, ext: str, kind: str, size: int) -> Path:
    target = derived_path(case.derived_dir, kind, sha256)
    if target.is_file():
        return target
    original = case.originals.path_for(sha256, ext)
    if not original.is_file():
        raise ImagingError(f"the original {original.name} is missing from the case")
    with open_image(original) as image:
        _write_scaled(image, target, size, allow_truncated=True)
    return target


def thumbnail_path(case: CaseFile, sha256: str, ext: str) -> Path:
    """The photo's thumbnail (long side 256 px) in ``derived/``, built if missing."""
    return _build_derived(case, sha256, ext, "thumb", THUMBNAIL_SIZE)


def preview_path(case: CaseFile, sha256: str, ext: str) -> Path:
    """A display preview (long side 2048 px) in ``derived/``, built if missing."""
    return _build_derived(case, sha256, ext, "preview", PREVIEW_SIZE)
