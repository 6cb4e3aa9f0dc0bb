"""Dossier crops: small markings on large photos are cut from the full-resolution original."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageStat

from desktop.core.export.images import CropJob, ImageJob, prepare_image

BOX = (2000.0, 1000.0, 2100.0, 1060.0)  # a 100 x 60 px marking on a 12 MP photo


def _photo_with_fine_detail(path: Path) -> None:
    image = Image.new("L", (4000, 3000), 128)
    pixels = image.load()
    for y in range(1000, 1060):
        for x in range(2000, 2100):
            pixels[x, y] = 255 if (x + y) % 2 else 0  # 1-px checkerboard: lost at half scale
    image.convert("RGB").save(path, quality=98, subsampling=0)


def _crop(job: ImageJob) -> Image.Image:
    prepared = prepare_image(job)
    assert not prepared.error, prepared.error
    return Image.open(io.BytesIO(prepared.crops[0][1].jpeg)).convert("L")


def test_small_crop_keeps_detail_the_reduced_decode_loses(tmp_path: Path) -> None:
    _photo_with_fine_detail(tmp_path / "p.jpg")
    job = ImageJob("p", str(tmp_path / "p.jpg"), 4000, 3000, (), (CropJob(1, BOX),), {})
    crop = _crop(job)
    assert crop.size[0] >= 480
    # A crop upscaled from the half-scale decode is flat grey (stddev under 2).
    assert ImageStat.Stat(crop).stddev[0] > 30


def test_redaction_is_burned_into_the_full_resolution_crop(tmp_path: Path) -> None:
    _photo_with_fine_detail(tmp_path / "p.jpg")
    left_half = ((2000.0, 1000.0), (2050.0, 1000.0), (2050.0, 1060.0), (2000.0, 1060.0))
    job = ImageJob("p", str(tmp_path / "p.jpg"), 4000, 3000, (left_half,),
                   (CropJob(1, BOX),), {})
    crop = _crop(job)
    w, h = crop.size
    redacted = crop.crop((4, 4, w // 2 - 8, h - 4))
    visible = crop.crop((w // 2 + 8, 4, w - 4, h - 4))
    assert ImageStat.Stat(redacted).stddev[0] < 3 and ImageStat.Stat(redacted).mean[0] < 20
    assert ImageStat.Stat(visible).stddev[0] > 30
