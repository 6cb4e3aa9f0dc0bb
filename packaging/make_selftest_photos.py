"""Draw the self-test photos in ``resources/selftest/`` (run once; the output is committed).

Two small photos of a drawn debris fragment with a stencilled index code, made with the
demo case's drawing code: ``fragment-1.jpg`` (JPEG with EXIF time and GPS) and
``fragment-2.heic`` (HEIC, the format phones write). ``photos.json`` records where each
code was drawn so ``fragment --selftest`` can annotate it and read it with OCR.

    PYTHONPATH=. python packaging/make_selftest_photos.py
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pillow_heif
from PIL import Image

from desktop.core.demo.photos import draw_debris_photo

OUT = Path(__file__).resolve().parents[1] / "resources" / "selftest"


def main() -> None:
    """Write both photos and their index."""
    OUT.mkdir(parents=True, exist_ok=True)
    first = draw_debris_photo(OUT / "fragment-1.jpg", code="9M723", lot=None, ruler=True,
                              lat=39.7606, lon=46.7427, taken="2021:03:16 09:30:00",
                              seed=12, size=(640, 480))
    with tempfile.TemporaryDirectory() as tmp:
        second = draw_debris_photo(Path(tmp) / "b.jpg", code="9M723", lot=None, ruler=False,
                                   lat=39.7611, lon=46.7431, taken="2021:03:16 09:41:00",
                                   seed=13, size=(640, 480))
        pillow_heif.register_heif_opener()
        with Image.open(second.path) as image:
            image.save(OUT / "fragment-2.heic", quality=70, exif=image.info.get("exif"))
    index = {"fragment-1.jpg": {"code": "9M723", "box": list(first.code_box)},
             "fragment-2.heic": {"code": "9M723", "box": list(second.code_box)}}
    (OUT / "photos.json").write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
