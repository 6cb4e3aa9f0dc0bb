"""Our NumPy pHash gives ImageHash's bits (the recipe it replaces) on real and random images."""

from __future__ import annotations

import random
from pathlib import Path

import imagehash
from PIL import Image

from desktop.core.checks.fingerprint import phash_image

DATA = Path(__file__).resolve().parents[1] / "data" / "photos" / "jpg"


def _reference(image: Image.Image) -> str:
    return str(imagehash.phash(image.convert("L"), hash_size=8))


def test_phash_equals_imagehash_on_the_test_photos() -> None:
    photos = sorted(DATA.rglob("*.jpg"))
    assert len(photos) >= 10
    for path in photos:
        with Image.open(path) as image:
            image.draft("RGB", (512, 512))
            assert phash_image(image) == _reference(image), path.name


def test_phash_equals_imagehash_on_random_images() -> None:
    rnd = random.Random(7)
    for _ in range(200):
        size = (rnd.randint(8, 300), rnd.randint(8, 300))
        image = Image.frombytes("RGB", size, rnd.randbytes(size[0] * size[1] * 3))
        assert phash_image(image) == _reference(image), size


def test_a_flat_image_hashes_to_its_mean_bit_only() -> None:
    # Every frequency but the mean is zero; ImageHash's FFT leaves rounding noise there
    # that decides bits at random, our rounded products do not.
    for grey in (0, 128, 255):
        image = Image.new("RGB", (64, 48), (grey, grey, grey))
        assert phash_image(image) == ("0" * 16 if grey == 0 else "8" + "0" * 15)


def test_the_import_probe_shares_its_decode_with_the_same_fingerprint() -> None:
    from desktop.core.checks.fingerprint import fingerprint_bytes, mime_for
    from desktop.core.ingest_pool import analyse_bytes

    compared = 0
    for path in sorted((DATA.parent).rglob("*")):
        if not path.is_file() or path.suffix.lower() not in {".jpg", ".jpeg", ".tiff",
                                                               ".heif", ".heic", ".png"}:
            continue
        data = path.read_bytes()
        step = analyse_bytes(data, None)
        if step.probe is None:
            continue  # rejected: no fingerprint either way
        alone = fingerprint_bytes(data, mime_for(step.probe.format))
        assert step.fingerprint == alone, path.name
        compared += 1
    assert compared >= 10
