"""Lengths as investigators write them on a scale reference: "10 cm", "4 in", "A4", "85.6 x 54 mm".

A scale reference annotation carries its real size in its reading. A line reference needs
one length; a rectangle reference (a ruler, a sheet of paper, a scale card) needs a width
and a height. Everything is converted to millimetres, and the precision the author wrote
is kept: "10 cm" is known to half a centimetre unless a tolerance is given ("10 ± 0.1 cm"),
so a measurement never claims more than its reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.errors import ValidationError

#: millimetres per unit, with the spellings people use
UNITS_MM: dict[str, float] = {
    "mm": 1.0, "millimetre": 1.0, "millimeter": 1.0, "мм": 1.0,
    "cm": 10.0, "centimetre": 10.0, "centimeter": 10.0, "см": 10.0,
    "m": 1000.0, "metre": 1000.0, "meter": 1000.0, "м": 1000.0,
    "in": 25.4, "inch": 25.4, "inches": 25.4, '"': 25.4, "″": 25.4,
    "ft": 304.8, "foot": 304.8, "feet": 304.8, "'": 304.8, "′": 304.8,
}

#: paper and card sizes a scale reference is often improvised from (ISO 216, ISO/IEC 7810)
NAMED_SIZES_MM: dict[str, tuple[float, float]] = {
    "A3": (297.0, 420.0),
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "A6": (105.0, 148.0),
    "LETTER": (215.9, 279.4),
    "ID-1": (85.60, 53.98),
    "CREDIT CARD": (85.60, 53.98),
    "BANK CARD": (85.60, 53.98),
}
#: named sizes are manufactured to a fraction of a millimetre
NAMED_SIZE_TOLERANCE_MM = 1.0

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_UNIT = r"([a-zа-я]+|[\"″'′])"
_TOL = rf"(?:\s*(?:±|\+/-|\+-)\s*{_NUMBER})?"
_ONE = re.compile(rf"^\s*{_NUMBER}{_TOL}\s*{_UNIT}\s*$", re.IGNORECASE)
_TWO = re.compile(
    rf"^\s*{_NUMBER}\s*{_UNIT}?\s*[x×х*]\s*{_NUMBER}{_TOL}\s*{_UNIT}\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Length:
    """A real length in millimetres and how well it is known (half-width, millimetres)."""

    mm: float
    tolerance_mm: float

    def describe(self) -> str:
        """'100 mm (± 5 mm)'."""
        return f"{format_mm(self.mm)} (± {format_mm(self.tolerance_mm)})"


@dataclass(frozen=True)
class RectSize:
    """The real width and height of a rectangular reference."""

    width: Length
    height: Length
    name: str = ""


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _written_precision(text: str, unit_mm: float) -> float:
    """Half of the last written digit: "10" cm -> 5 mm, "10.0" cm -> 0.5 mm."""
    decimals = len(re.split(r"[.,]", text)[1]) if re.search(r"[.,]", text) else 0
    return 0.5 * unit_mm * 10.0 ** (-decimals)


def _unit(text: str | None, where: str) -> float:
    key = (text or "").strip().lower()
    if key not in UNITS_MM:
        raise ValidationError(
            f"'{text}' is not a unit Fragment knows (use mm, cm, m, in or ft)", where)
    return UNITS_MM[key]


def _length(number: str, tolerance: str | None, unit_mm: float, where: str) -> Length:
    value = _number(number) * unit_mm
    if value <= 0:
        raise ValidationError("must be longer than zero", where)
    tol = _number(tolerance) * unit_mm if tolerance else _written_precision(number, unit_mm)
    return Length(value, tol)


def parse_length(text: str, where: str = "reading") -> Length:
    """One length: "10 cm", "100mm", "4 in", "10 ± 0.1 cm". Raises ``ValidationError``."""
    match = _ONE.match(text or "")
    if not match:
        raise ValidationError(
            f"'{text}' is not a length: write a number and a unit, such as '10 cm'", where)
    number, tolerance, unit = match.groups()
    return _length(number, tolerance, _unit(unit, where), where)


def parse_rect_size(text: str, where: str = "reading") -> RectSize:
    """A rectangle's size: "A4", "credit card", "85.6 x 54 mm", "20 cm x 30 cm"."""
    name = " ".join((text or "").upper().split())
    if name in NAMED_SIZES_MM:
        w, h = NAMED_SIZES_MM[name]
        tol = NAMED_SIZE_TOLERANCE_MM
        return RectSize(Length(w, tol), Length(h, tol), name=name)
    match = _TWO.match(text or "")
    if not match:
        raise ValidationError(
            f"'{text}' is not a size: write width x height and a unit, such as "
            "'85.6 x 54 mm', or a paper size such as 'A4'", where)
    w_num, w_unit, h_num, tolerance, h_unit = match.groups()
    h_mm = _unit(h_unit, where)
    w_mm = _unit(w_unit, where) if w_unit else h_mm
    return RectSize(_length(w_num, tolerance, w_mm, where), _length(h_num, tolerance, h_mm, where))


def format_with_uncertainty(value: float, uncertainty: float) -> str:
    """'92.0 ± 1.4 cm': the value and its uncertainty in one unit, chosen by the value."""
    if value < 100:
        unit, scale = "mm", 1.0
    elif value < 2000:
        unit, scale = "cm", 10.0
    else:
        unit, scale = "m", 1000.0
    digits = 2 if unit == "m" else 1
    return f"{value / scale:.{digits}f} ± {uncertainty / scale:.{digits}f} {unit}"


def format_mm(value: float) -> str:
    """A length for people: millimetres below 10 cm, centimetres below 2 m, then metres."""
    if value < 100:
        return f"{value:.1f} mm" if value < 10 else f"{value:.0f} mm"
    if value < 2000:
        return f"{value / 10:.1f} cm"
    return f"{value / 1000:.2f} m"
