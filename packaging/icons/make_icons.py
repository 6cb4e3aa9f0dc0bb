"""Draw Fragment's application icon and write it in every format the installers need.

The design: a torn olive metal shard on a dark slate tile, with an annotation frame
(four amber corner marks) around a stencilled stroke. Drawn with Pillow at 1024 px and
written as ``fragment.png`` (Linux), ``fragment.ico`` (Windows, 16-256 px) and
``Fragment.icns`` (macOS). ``fragment.svg`` beside this script is the same design by hand.

    python packaging/icons/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
PACKAGING = HERE.parent
SIZE = 1024
SHARD = [(250, 330), (470, 215), (640, 290), (790, 250), (760, 470), (820, 640),
         (600, 800), (430, 760), (230, 700), (270, 520)]


def draw(size: int = SIZE) -> Image.Image:
    """The icon at ``size`` pixels (drawn at 1024 and reduced)."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    d.rounded_rectangle((40, 40, SIZE - 40, SIZE - 40), radius=190, fill=(38, 46, 56, 255))
    shadow = [(x + 18, y + 24) for x, y in SHARD]
    d.polygon(shadow, fill=(20, 24, 30, 255))
    d.polygon(SHARD, fill=(112, 122, 78, 255), outline=(150, 160, 110, 255), width=10)
    d.rectangle((380, 430, 660, 520), fill=(222, 214, 184, 255))  # a stencilled stroke
    d.rectangle((410, 455, 630, 495), fill=(112, 122, 78, 255))
    amber = (245, 178, 40, 255)
    box = (330, 380, 710, 570)
    arm, width = 70, 22
    x0, y0, x1, y1 = box
    for cx, cy, dx, dy in ((x0, y0, 1, 1), (x1, y0, -1, 1), (x0, y1, 1, -1), (x1, y1, -1, -1)):
        d.line([(cx, cy + dy * arm), (cx, cy), (cx + dx * arm, cy)], fill=amber, width=width,
               joint="curve")
    return image if size == SIZE else image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    """Write the PNG, ICO and ICNS files."""
    icon = draw()
    icon.resize((512, 512), Image.Resampling.LANCZOS).save(PACKAGING / "linux" / "fragment.png")
    icon.save(PACKAGING / "windows" / "fragment.ico",
              sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    icon.save(PACKAGING / "macos" / "Fragment.icns")


if __name__ == "__main__":
    main()
