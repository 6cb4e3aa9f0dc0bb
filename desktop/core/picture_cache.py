"""Decoded pictures kept for the viewer: a least-recently-used cache with a byte budget.

The viewer decodes each photo at the resolution it is shown at (the view resolution), and
at full resolution only when zoomed in; both come here, keyed by the photo's SHA-256 and the
long side of the decoded picture, so that going back to a photo, or paging to a neighbour
decoded ahead, shows it at once. When the pictures held exceed the byte budget, the least
recently used ones are dropped. A picture larger than the whole budget is not kept.

Not thread-safe: the viewer uses it from the GUI thread only (worker threads decode and
hand their pictures back through signals).
"""

from __future__ import annotations

from collections import OrderedDict

from PIL import Image

#: Default budget: about eleven 4K-screen pictures, or one 50 MP photo at full resolution.
DEFAULT_BUDGET = 256 * 1024 * 1024

# Bytes per pixel as Pillow stores each mode (RGB is padded to four bytes).
_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "LA": 4, "PA": 4, "La": 4, "RGB": 4, "RGBA": 4,
                    "RGBX": 4, "RGBa": 4, "CMYK": 4, "YCbCr": 4, "LAB": 4, "HSV": 4,
                    "I": 4, "F": 4, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}


def picture_bytes(image: Image.Image) -> int:
    """The memory a decoded Pillow image holds for its pixels."""
    return image.width * image.height * _BYTES_PER_PIXEL.get(image.mode, 4)


def long_side(image: Image.Image) -> int:
    """The longer side of a picture in pixels."""
    return max(image.width, image.height)


def fit_side(photo_size: tuple[int, int], viewport: tuple[int, int], ratio: float) -> int:
    """Long side, in decoded pixels, at which a photo fitted in the viewport is sharp.

    ``photo_size`` is the displayed (orientation-corrected) size, ``viewport`` the viewer's
    size in logical pixels and ``ratio`` the device pixel ratio. Never more than the photo.
    """
    width, height = photo_size
    view_w, view_h = viewport
    if width <= 0 or height <= 0:
        return 0
    scale = min(max(view_w, 1) / width, max(view_h, 1) / height)
    longest = max(width, height)
    return min(longest, max(1, int(longest * scale * max(ratio, 1.0) + 0.999)))


class PictureCache:
    """Decoded pictures by (SHA-256, long side), least recently used dropped first."""

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self.budget = budget
        self.bytes = 0
        self._entries: OrderedDict[tuple[str, int], Image.Image] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def put(self, sha256: str, image: Image.Image) -> None:
        """Keep ``image`` (a decoded picture of the photo ``sha256``), then trim to budget."""
        size = picture_bytes(image)
        key = (sha256, long_side(image))
        self._drop(key)
        if size > self.budget:
            return
        self._entries[key] = image
        self.bytes += size
        while self.bytes > self.budget and self._entries:
            self._drop(next(iter(self._entries)))

    def get(self, sha256: str, min_side: int) -> Image.Image | None:
        """The smallest kept picture of the photo whose long side is at least ``min_side``."""
        best: tuple[str, int] | None = None
        for key in self._entries:
            if key[0] == sha256 and key[1] >= min_side and (best is None or key[1] < best[1]):
                best = key
        if best is None:
            return None
        self._entries.move_to_end(best)
        return self._entries[best]

    def sides(self, sha256: str) -> list[int]:
        """The long sides of the pictures kept for a photo, smallest first."""
        return sorted(side for sha, side in self._entries if sha == sha256)

    def clear(self) -> None:
        """Forget every picture (a case was closed, or a benchmark starts cold)."""
        self._entries.clear()
        self.bytes = 0

    def _drop(self, key: tuple[str, int]) -> None:
        image = self._entries.pop(key, None)
        if image is not None:
            self.bytes -= picture_bytes(image)
