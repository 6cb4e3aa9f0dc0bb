"""View adjustments on real Pillow images."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageStat

from desktop.core.adjustments import (
    NEUTRAL,
    apply_adjustments,
    describe_adjustments,
    is_neutral,
    normalize_adjustments,
)
from desktop.core.errors import ValidationError


def _gradient(mode: str = "RGB") -> Image.Image:
    img = Image.linear_gradient("L").resize((64, 64))
    img = Image.merge("RGB", (img, img.rotate(90), img.rotate(180)))
    return img.convert(mode)


def _mean(img: Image.Image) -> float:
    stat = ImageStat.Stat(img.convert("L"))
    return stat.mean[0]


def test_neutral_returns_the_same_image() -> None:
    img = _gradient()
    assert apply_adjustments(img, None) is img
    assert apply_adjustments(img, {}) is img
    assert apply_adjustments(img, dict(NEUTRAL)) is img
    assert is_neutral({"brightness": 0, "gamma": 1})


def test_brightness_contrast_gamma_move_the_levels() -> None:
    img = _gradient()
    before = img.tobytes()
    base = _mean(img)
    assert _mean(apply_adjustments(img, {"brightness": 50})) > base + 20
    assert _mean(apply_adjustments(img, {"brightness": -100})) == 0
    flat = apply_adjustments(img, {"contrast": -100}).convert("L")
    assert ImageStat.Stat(flat).stddev[0] < 1
    assert ImageStat.Stat(apply_adjustments(img, {"contrast": 80}).convert("L")).stddev[0] > \
        ImageStat.Stat(img.convert("L")).stddev[0]
    assert _mean(apply_adjustments(img, {"gamma": 2.2})) > base + 10
    assert _mean(apply_adjustments(img, {"gamma": 0.5})) < base - 10
    assert img.tobytes() == before  # the input is never modified


def test_grayscale_invert_autolevels_sharpen() -> None:
    img = _gradient()
    gray = apply_adjustments(img, {"grayscale": True})
    assert gray.mode == "L" and gray.size == img.size
    inv = apply_adjustments(img, {"invert": True})
    assert inv.getpixel((0, 0)) == tuple(255 - v for v in img.getpixel((0, 0)))
    dull = Image.new("L", (32, 32), 100)
    ImageDraw.Draw(dull).rectangle((8, 8, 23, 23), fill=140)
    stretched = apply_adjustments(dull, {"autolevels": True})
    assert stretched.getextrema() == (0, 255)
    sharp = apply_adjustments(dull, {"sharpen": 100})
    assert sharp.getextrema()[1] > 140 and sharp.getextrema()[0] < 100  # overshoot at edges


def test_alpha_is_kept_and_odd_modes_work() -> None:
    rgba = _gradient("RGBA")
    rgba.putalpha(77)
    out = apply_adjustments(rgba, {"contrast": 30})
    assert out.mode == "RGBA" and out.getpixel((5, 5))[3] == 77
    for mode in ("P", "CMYK", "L", "1", "I;16"):
        res = apply_adjustments(_gradient().convert(mode), {"brightness": 10, "sharpen": 10})
        assert res.size == (64, 64)


@pytest.mark.parametrize(
    ("adjustments", "path"),
    [
        ({"brightness": 101}, "brightness"),
        ({"contrast": -150}, "contrast"),
        ({"gamma": 0.1}, "gamma"),
        ({"gamma": float("nan")}, "gamma"),
        ({"sharpen": -1}, "sharpen"),
        ({"grayscale": 1}, "grayscale"),
        ({"brightness": True}, "brightness"),
        ({"brightness": "10"}, "brightness"),
        ({"saturation": 10}, "saturation"),
    ],
)
def test_bad_adjustments_are_refused(adjustments: dict, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_adjustments(adjustments)
    assert info.value.path == path
    with pytest.raises(ValidationError):
        apply_adjustments(_gradient(), adjustments)


def test_descriptions() -> None:
    assert describe_adjustments(None) == "none"
    assert describe_adjustments({"contrast": 40, "grayscale": True}) == "contrast +40, grayscale"
    assert describe_adjustments({"brightness": -20, "gamma": 1.8, "invert": True, "sharpen": 30,
                                 "autolevels": True}) == \
        "brightness -20, gamma 1.8, invert, autolevels, sharpen 30"
