"""Distractor images for reference-collection tests: small pictures of random shapes over
random gradients, each different, written as JPEG files."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw


def write_distractors(folder: Path, count: int, seed: int = 1) -> list[Path]:
    """``count`` distinct 96x72 JPEGs in ``folder`` (in subfolders of 500)."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        sub = folder / f"batch{n // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        top = tuple(rng.randrange(256) for _ in range(3))
        image = Image.new("RGB", (96, 72), top)
        draw = ImageDraw.Draw(image)
        for _ in range(rng.randrange(3, 8)):
            x, y = rng.randrange(96), rng.randrange(72)
            box = (x, y, x + rng.randrange(8, 60), y + rng.randrange(8, 50))
            fill = tuple(rng.randrange(256) for _ in range(3))
            (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=fill)
        path = sub / f"known_{n:05d}.jpg"
        image.save(path, "JPEG", quality=80)
        out.append(path)
    return out
