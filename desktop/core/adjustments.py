"""View adjustments: brightness, contrast, gamma and friends, to make faint stencils legible.

They change only what is shown (on screen, in a dossier crop, for OCR), never the original.
An adjustments dict uses these keys (missing keys take the neutral value)::

    brightness  int    -100..100   0      (-100 is black, +100 doubles)
    contrast    int    -100..100   0      (-100 is flat grey, +100 doubles)
    gamma       float  0.2..5      1.0    (above 1 lightens the shadows)
    grayscale   bool               False
    invert      bool               False
    autolevels  bool               False  (stretch levels, ignoring the extreme 1 %)
    sharpen     int    0..100      0      (unsharp mask strength)

They are applied in a fixed order: grayscale, autolevels, brightness, contrast, gamma,
invert, sharpen.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from PIL import Image, ImageEnhance, ImageFilter, ImageOps

from desktop.core.errors import ValidationError

NEUTRAL: dict[str, Any] = {
    "brightness": 0,
    "contrast": 0,
    "gamma": 1.0,
    "grayscale": False,
    "invert": False,
    "autolevels": False,
    "sharpen": 0,
}
_RANGES = {"brightness": (-100, 100), "contrast": (-100, 100), "gamma": (0.2, 5.0),
           "sharpen": (0, 100)}
_FLAGS = ("grayscale", "invert", "autolevels")


def normalize_adjustments(adjustments: Mapping[str, Any] | None) -> dict[str, Any]:
    """Every key with a checked value; ``ValidationError`` naming the key for a bad one."""
    out = dict(NEUTRAL)
    if not adjustments:
        return out
    if not isinstance(adjustments, Mapping):
        raise ValidationError("view adjustments must be a mapping of names to values")
    for key, value in adjustments.items():
        if key not in NEUTRAL:
            raise ValidationError(f"unknown view adjustment; expected one of "
                                  f"{', '.join(NEUTRAL)}", str(key))
        if key in _FLAGS:
            if not isinstance(value, bool):
                raise ValidationError("must be true or false", key)
            out[key] = value
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
            value
        ):
            raise ValidationError("must be a number", key)
        low, high = _RANGES[key]
        if not low <= value <= high:
            raise ValidationError(f"must be between {low:g} and {high:g}", key)
        out[key] = float(value) if key == "gamma" else round(value)
    return out


def is_neutral(adjustments: Mapping[str, Any] | None) -> bool:
    """True when the adjustments change nothing."""
    return normalize_adjustments(adjustments) == NEUTRAL


def _gamma_table(gamma: float) -> list[int]:
    return [round(255 * (i / 255) ** (1 / gamma)) for i in range(256)]


def apply_adjustments(image: Image.Image, adjustments: Mapping[str, Any] | None) -> Image.Image:
    """A new image with the adjustments applied; ``image`` is never modified.

    The result is RGB (or L when grayscale), with the alpha channel of RGBA/LA input kept.
    Neutral adjustments return ``image`` itself.
    """
    adj = normalize_adjustments(adjustments)
    if adj == NEUTRAL:
        return image
    alpha = image.getchannel("A") if image.mode in ("RGBA", "LA", "PA") else None
    if image.mode == "P" and "transparency" in image.info:
        alpha = image.convert("RGBA").getchannel("A")
    work = image.convert("L" if adj["grayscale"] or image.mode in ("L", "LA", "1", "I;16")
                         else "RGB")
    if adj["autolevels"]:
        work = ImageOps.autocontrast(work, cutoff=1)
    if adj["brightness"]:
        work = ImageEnhance.Brightness(work).enhance(1 + adj["brightness"] / 100)
    if adj["contrast"]:
        work = ImageEnhance.Contrast(work).enhance(1 + adj["contrast"] / 100)
    if adj["gamma"] != 1.0:
        work = work.point(_gamma_table(adj["gamma"]) * len(work.getbands()))
    if adj["invert"]:
        work = ImageOps.invert(work)
    if adj["sharpen"]:
        work = work.filter(ImageFilter.UnsharpMask(radius=2, percent=adj["sharpen"] * 3,
                                                   threshold=2))
    if alpha is not None:
        work.putalpha(alpha)
    return work


def describe_adjustments(adjustments: Mapping[str, Any] | None) -> str:
    """A short human description, e.g. ``contrast +40, grayscale``; ``none`` when neutral."""
    adj = normalize_adjustments(adjustments)
    parts: list[str] = []
    for key, value in adj.items():  # in the order of NEUTRAL
        if value == NEUTRAL[key]:
            continue
        if key in _FLAGS:
            parts.append(key)
        elif key == "gamma":
            parts.append(f"gamma {value:g}")
        elif key == "sharpen":
            parts.append(f"sharpen {value}")
        else:
            parts.append(f"{key} {value:+d}")
    return ", ".join(parts) if parts else "none"
