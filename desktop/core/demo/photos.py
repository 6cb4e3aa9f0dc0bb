"""Synthetic but convincing debris photos for the demo case, drawn with Pillow at build time.

Each photo shows a torn, olive-painted and rusted metal fragment lying on gravel, with a
stencilled index code, a smaller lot/serial line and, optionally, a scale ruler. EXIF
carries the camera time and the GPS position where the fragment was found. The function
returns where each marking was drawn, so the demo's annotations sit exactly on them.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
from PIL.TiffImagePlugin import IFDRational

from desktop.core.resources import resource_path

Box = tuple[int, int, int, int]  # x, y, w, h in pixels


@dataclass(frozen=True)
class DrawnPhoto:
    """A generated photo and the boxes of what was drawn on it."""

    path: Path
    width: int
    height: int
    code_box: Box
    lot_box: Box | None
    ruler_box: Box | None
    width_line: tuple[tuple[int, int], tuple[int, int]] | None = None
    """The fragment's width across its middle row, edge to edge (where a measurement goes)."""


def _font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSansMono.ttf"
    return ImageFont.truetype(str(resource_path("fonts", name)), size)


def _noise(size: tuple[int, int], sigma: float, blur: float, rng: random.Random) -> Image.Image:
    """Seeded grey noise around 128 (so the same seed draws the same photo)."""
    w, h = size
    raw = Image.frombytes("L", size, rng.randbytes(w * h))
    scale = sigma / 74  # uniform bytes have a standard deviation of about 74
    noise = raw.point(lambda v: max(0, min(255, round(128 + (v - 128) * scale))))
    return noise.filter(ImageFilter.GaussianBlur(blur)) if blur else noise


def _ground(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Dusty gravel: warm grey with speckles and soft stones."""
    w, h = size
    base = Image.new("RGB", size, (128, 118, 101))
    grain = _noise(size, 60, 0.8, rng).convert("RGB")
    ground = ImageChops.overlay(base, grain)
    draw = ImageDraw.Draw(ground)
    for _ in range(900):
        x, y = rng.randrange(w), rng.randrange(h)
        r = rng.randint(2, 9)
        shade = rng.randint(70, 170)
        draw.ellipse((x - r, y - r, x + r, y + r),
                     fill=(shade, int(shade * 0.93), int(shade * 0.82)))
    return ground.filter(ImageFilter.GaussianBlur(1.2))


def _outline(size: tuple[int, int], rng: random.Random) -> list[tuple[float, float]]:
    """A torn outline: a lumpy blob (a few random harmonics) with small jagged teeth."""
    w, h = size
    cx, cy = w * 0.5, h * 0.5
    harmonics = [(k, rng.uniform(0.02, 0.09) / k ** 0.5, rng.uniform(0, 2 * math.pi))
                 for k in range(2, 7)]
    points = []
    steps = 220
    for i in range(steps):
        angle = 2 * math.pi * i / steps
        radius = 1 + sum(a * math.sin(k * angle + phase) for k, a, phase in harmonics)
        radius += rng.uniform(-0.025, 0.025) + (rng.uniform(0.03, 0.08) if rng.random() < 0.08
                                                 else 0) * rng.choice((-1, 1))
        points.append((cx + w * 0.41 * radius * math.cos(angle),
                       cy + h * 0.35 * radius * math.sin(angle)))
    return points


def _metal(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Olive paint with cylinder shading, scratches and rust patches."""
    w, h = size
    paint = Image.new("RGB", size, (88, 96, 58))
    paint = ImageChops.overlay(paint, _noise(size, 40, 1.5, rng).convert("RGB"))
    # cylinder shading across the height: a bright band above the middle
    shade = Image.linear_gradient("L").resize((1, 256)).resize((w, h))
    band = Image.new("L", size)
    bdraw = ImageDraw.Draw(band)
    for y in range(h):
        t = y / h
        bdraw.line((0, y, w, y), fill=int(255 * (0.55 + 0.45 * math.sin(math.pi * t) ** 2)))
    paint = ImageChops.multiply(paint, Image.merge("RGB", (band, band, band)))
    del shade
    rust_mask = Image.new("L", size, 0)
    rdraw = ImageDraw.Draw(rust_mask)
    for _ in range(26):
        x, y = rng.randrange(w), rng.randrange(h)
        rw, rh = rng.randint(30, 220), rng.randint(20, 140)
        rdraw.ellipse((x - rw, y - rh, x + rw, y + rh), fill=rng.randint(120, 255))
    rust_mask = ImageChops.multiply(rust_mask.filter(ImageFilter.GaussianBlur(25)),
                                    _noise(size, 90, 2, rng).point(lambda v: min(255, v * 2)))
    rust = ImageChops.overlay(Image.new("RGB", size, (122, 62, 28)),
                              _noise(size, 70, 1, rng).convert("RGB"))
    metal = Image.composite(rust, paint, rust_mask)
    draw = ImageDraw.Draw(metal)
    for _ in range(60):  # scratches
        x, y = rng.randrange(w), rng.randrange(h)
        length, angle = rng.randint(40, 260), rng.uniform(-0.6, 0.6)
        tone = rng.randint(140, 190)
        draw.line((x, y, x + length * math.cos(angle), y + length * math.sin(angle)),
                  fill=(tone, tone - 8, tone - 30), width=rng.randint(1, 2))
    return metal


def _stencil(metal: Image.Image, text: str, font: ImageFont.FreeTypeFont,
             origin: tuple[int, int], angle: float, rng: random.Random,
             colour: tuple[int, int, int], bridges: bool) -> Box:
    """Paint ``text`` as worn stencil paint; returns its bounding box."""
    layer = Image.new("L", metal.size, 0)
    ImageDraw.Draw(layer).text(origin, text, font=font, fill=255)
    if bridges:  # the short gaps a stencil plate leaves, one per character
        ldraw = ImageDraw.Draw(layer)
        x: float = origin[0]
        for char in text:
            left, top, right, bottom = ldraw.textbbox((x, origin[1]), char, font=font)
            mid = (left + right) // 2
            if char.strip():
                ldraw.rectangle((mid - 3, top, mid + 3, top + (bottom - top) // 5), fill=0)
            x += font.getlength(char)
    layer = layer.rotate(angle, resample=Image.Resampling.BICUBIC, center=origin)
    wear = _noise(metal.size, 120, 1.6, rng).point(lambda v: 255 if v > 105 else int(v * 1.4))
    mask = ImageChops.multiply(layer, wear).filter(ImageFilter.GaussianBlur(0.8))
    paint = Image.new("RGB", metal.size, colour)
    metal.paste(paint, (0, 0), mask)
    left, top, right, bottom = layer.getbbox() or (0, 0, 1, 1)
    return (left, top, right - left, bottom - top)


def _ruler(image: Image.Image, origin: tuple[int, int], cm_px: int) -> Box:
    """A 10 cm black-and-white photo scale with centimetre labels."""
    x0, y0 = origin
    draw = ImageDraw.Draw(image)
    height = max(24, cm_px // 2)
    draw.rectangle((x0 - 6, y0 - 6, x0 + 10 * cm_px + 56, y0 + height + 34),
                   fill=(236, 234, 226))
    for i in range(10):
        fill = (20, 20, 20) if i % 2 == 0 else (245, 245, 245)
        draw.rectangle((x0 + i * cm_px, y0, x0 + (i + 1) * cm_px, y0 + height), fill=fill,
                       outline=(20, 20, 20))
    font = _font(18, bold=False)
    for i in (0, 5, 10):
        draw.text((x0 + i * cm_px - 5, y0 + height + 6), str(i), font=font, fill=(20, 20, 20))
    draw.text((x0 + 10 * cm_px + 22, y0 + height + 6), "cm", font=font, fill=(20, 20, 20))
    return (x0 - 6, y0 - 6, 10 * cm_px + 12, height + 40)


def _to_rational(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    """Degrees as EXIF (degrees, minutes, hundredths of seconds) rationals."""
    hundredths = round(value * 360_000)
    degrees, rest = divmod(hundredths, 360_000)
    minutes, seconds = divmod(rest, 6_000)
    return (IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(seconds, 100))


def draw_debris_photo(
    path: Path,
    *,
    code: str,
    lot: str | None,
    ruler: bool,
    lat: float,
    lon: float,
    taken: str,
    seed: int,
    size: tuple[int, int] = (1600, 1200),
    worn: tuple[int, ...] = (),
) -> DrawnPhoto:
    """Draw one photo to ``path`` (JPEG with EXIF time and its UTC offset, camera and GPS).
    ``worn`` lists positions of ``lot`` characters hidden under rust."""
    rng = random.Random(seed)
    w, h = size
    ground = _ground(size, rng)
    metal = _metal(size, rng)
    cx, cy = rng.uniform(0.15, 0.25), rng.uniform(0.24, 0.32)
    code_box = _stencil(metal, code, _font(int(h * 0.16)), (int(w * cx), int(h * cy)),
                        rng.uniform(-7, 7), rng, (214, 208, 182), bridges=True)
    lot_box = None
    if lot:
        lot_font = _font(int(h * 0.055), bold=False)
        origin = (int(w * (cx + 0.04)), int(h * (cy + 0.25)))
        lot_box = _stencil(metal, lot, lot_font, origin, rng.uniform(-3, 3), rng,
                           (200, 196, 170), bridges=False)
        for index in worn:  # rust over single characters makes them unreadable
            left = origin[0] + lot_font.getlength(lot[:index])
            right = origin[0] + lot_font.getlength(lot[:index + 1])
            top = lot_box[1]
            blot = Image.new("L", size, 0)
            ImageDraw.Draw(blot).ellipse((left - 6, top - 4, right + 6, top + lot_box[3] + 4),
                                         fill=235)
            rust = ImageChops.overlay(Image.new("RGB", size, (118, 64, 30)),
                                      _noise(size, 60, 1, rng).convert("RGB"))
            metal.paste(rust, (0, 0), blot.filter(ImageFilter.GaussianBlur(3)))
    mask = Image.new("L", size, 0)
    torn = _outline(size, rng)
    ImageDraw.Draw(mask).polygon(torn, fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(1.5))
    shadow = Image.new("L", size, 0)
    shadow.paste(mask.filter(ImageFilter.GaussianBlur(18)), (14, 18))
    ground = Image.composite(Image.new("RGB", size, (40, 36, 30)), ground,
                             shadow.point(lambda v: v * 0.6))
    image = Image.composite(metal, ground, mask)
    ruler_box = _ruler(image, (int(w * 0.08), int(h * 0.86)), int(w * 0.035)) if ruler else None
    exif = Image.Exif()
    exif[0x010F] = "Fragment demo"  # Make
    exif[0x0110] = "Synthetic field camera"  # Model
    exif[0x0131] = "Fragment demo case builder"  # Software
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = taken  # DateTimeOriginal, "YYYY:MM:DD HH:MM:SS"
    sub[0x9004] = taken  # DateTimeDigitized
    sub[0x9011] = "+04:00"  # OffsetTimeOriginal: a phone in Shusha keeps Azerbaijan time
    gps = exif.get_ifd(0x8825)
    gps[0] = b"\x02\x03\x00\x00"
    gps[1] = "N" if lat >= 0 else "S"
    gps[2] = _to_rational(abs(lat))
    gps[3] = "E" if lon >= 0 else "W"
    gps[4] = _to_rational(abs(lon))
    image.save(path, "JPEG", quality=84, exif=exif)
    return DrawnPhoto(path, w, h, code_box, lot_box, ruler_box, _chord(torn, h // 2))


def _chord(outline: list[tuple[float, float]], y: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """Where the row ``y`` enters and leaves the outline (its outermost crossings)."""
    xs = [x1 + (y - y1) * (x2 - x1) / (y2 - y1)
          for (x1, y1), (x2, y2) in zip(outline, outline[1:] + outline[:1], strict=True)
          if min(y1, y2) <= y < max(y1, y2)]
    return (round(min(xs)), y), (round(max(xs)), y)
