"""Parse coordinates as investigators meet them: decimal, DMS, DDM, MGRS and map links.

``parse_coordinates`` normalises the text first (NFKC, every degree/quote/prime variant,
``d``/``deg`` for degrees, decimal commas, Eastern Arabic digits, Russian, Ukrainian,
Arabic and Persian hemisphere words), then reads it strictly: anything it cannot read
without guessing is rejected with one sentence saying why.
"""

from __future__ import annotations

import math
import re
import unicodedata
import warnings
from dataclasses import dataclass
from typing import Literal

from desktop.core.errors import ValidationError

Notation = Literal["decimal", "dms", "ddm", "mgrs", "osm_link", "google_link"]

MAX_INPUT_CHARS = 500

# Size on the ground of one unit in the last digit given (metres, at the equator, along a
# meridian): 1 degree ~ 111.32 km, 1 minute = 1 nautical mile, 1 second ~ 30.9 m.
_UNIT_M = (111_320.0, 1_852.0, 30.87)


class CoordinateError(ValidationError):
    """Text that is not a coordinate pair we can read without guessing."""


@dataclass(frozen=True)
class ParsedCoordinates:
    """A WGS 84 point read from text, with the notation found and the precision implied."""

    lat: float
    lon: float
    notation: Notation
    precision_m: float
    raw: str


# -- normalisation --------------------------------------------------------------------------

_DEGREE_MARKS = "°º˚⁰∘"
_MINUTE_MARKS = "'’′‘`´ʹʼ‛"
_SECOND_MARKS = '"″”“«»„‟ʺ〃'

# Russian (с. ш. / ю. ш., в. д. / з. д.) and Ukrainian (пн. ш. / пд. ш., сх. д. / зх. д.)
# hemisphere abbreviations; the two-letter Ukrainian forms are tried first.
_CYRILLIC_HEMISPHERES = (
    (r"пн\.?\s*ш\.?", "N"),
    (r"пд\.?\s*ш\.?", "S"),
    (r"сх\.?\s*д\.?", "E"),
    (r"зх\.?\s*д\.?", "W"),
    (r"с\.?\s*ш\.?", "N"),
    (r"ю\.?\s*ш\.?", "S"),
    (r"в\.?\s*д\.?", "E"),
    (r"з\.?\s*д\.?", "W"),
)
_CYRILLIC_RE = [
    (re.compile(r"(?<![а-яіїєґ])" + pat + r"(?![а-яіїєґ])", re.IGNORECASE), letter)
    for pat, letter in _CYRILLIC_HEMISPHERES
]
# Single Cyrillic letters as field notes write them: С(евер), Ю(г), В(осток), З(апад).
_CYRILLIC_LETTER_RE = re.compile(r"(?<![^\W\d_])([СЮВЗсювз])\.?(?![^\W\d_])")
_CYRILLIC_LETTERS = {"С": "N", "Ю": "S", "В": "E", "З": "W"}
# Arabic (شمال، جنوب، شرق، غرب, with the adverbial ending ـاً) and Persian (شمالی، جنوبی،
# شرقی، غربی) hemisphere words, optionally after the word for latitude or longitude.
_ARABIC_HEMISPHERES = {"شمال": "N", "جنوب": "S", "شرق": "E", "غرب": "W"}
_ARABIC_RE = re.compile(
    r"(?:(?:عرض|طول)\s*)?(شمال|جنوب|شرق|غرب)[ـ]*(?:اً|ًا|ا|ي|ی)?"
    r"(?![^\W\d_])"
)
# Eastern Arabic (U+0660) and Persian (U+06F0) digits, the Arabic decimal separator and
# comma; NFKC leaves all of them as they are.
_ARABIC_DIGITS = {0x660 + i: str(i) for i in range(10)} | {0x6F0 + i: str(i) for i in range(10)}
_ARABIC_DIGITS |= {0x66B: ".", 0x60C: ",", 0x61B: ";"}
# ``d``, ``deg``, ``degrees`` or ``D`` as the degree sign (``47d12.500'``, ``12d 04m 33s``).
_DEGREE_WORD_RE = re.compile(r"(?<=\d)\s*(?:degrees?|deg|d)(?![^\W\d_])", re.IGNORECASE)
_WORDS = {
    "N": "N", "NORTH": "N", "S": "S", "SOUTH": "S", "E": "E", "EAST": "E", "W": "W", "WEST": "W",
}
_LABEL_RE = re.compile(
    r"\b(?:latitude|longitude|lat|lon|lng|long)\b\s*[:=]?"
    r"|(?:خط|دائرة)\s*ال(?:عرض|طول)\s*[:=]?|(?:عرض|طول)\s*(?:جغرافیایی|الجغرافي)\s*[:=]?",
    re.IGNORECASE,
)
_NOT_A_NUMBER_RE = re.compile(r"\b(?:nan|inf|infinity)\b", re.IGNORECASE)


def normalize_coordinate_text(text: str) -> str:
    """Fold the many ways coordinates are typed into one plain form (marks ° ' ")."""
    table = {ord(c): "°" for c in _DEGREE_MARKS}
    table.update({ord(c): "'" for c in _MINUTE_MARKS})
    table.update({ord(c): '"' for c in _SECOND_MARKS})
    # Marks first: NFKC would turn º into "o" and ″ into two primes.
    s = text.translate(table)
    s = unicodedata.normalize("NFKC", s).translate(table)
    s = s.replace("''", '"').translate(_ARABIC_DIGITS)
    for pattern, letter in _CYRILLIC_RE:
        s = pattern.sub(f" {letter} ", s)
    s = _CYRILLIC_LETTER_RE.sub(lambda m: f" {_CYRILLIC_LETTERS[m.group(1).upper()]} ", s)
    s = _LABEL_RE.sub(" ", s)
    s = _ARABIC_RE.sub(lambda m: f" {_ARABIC_HEMISPHERES[m.group(1)]} ", s)
    return " ".join(s.split())


# -- map links ------------------------------------------------------------------------------

_NUM = r"[-+]?\d{1,3}(?:\.\d+)?"
_OSM_RE = re.compile(rf"#map=\d{{1,2}}(?:\.\d+)?/({_NUM})/({_NUM})")
_OSM_QUERY_RE = re.compile(rf"[?&]mlat=({_NUM})&mlon=({_NUM})")
_GOOGLE_RE = re.compile(rf"@({_NUM}),({_NUM})(?:,\d+(?:\.\d+)?[zm])?")
_GOOGLE_QUERY_RE = re.compile(rf"[?&](?:q|ll|query|center)=({_NUM}),\s*({_NUM})")


def _decimals(number: str) -> int:
    return len(number.split(".")[1]) if "." in number else 0


def _parse_link(raw: str, text: str) -> ParsedCoordinates | None:
    low = text.lower()
    if "openstreetmap." in low or "osm.org" in low or "#map=" in low:
        match = _OSM_RE.search(text) or _OSM_QUERY_RE.search(text)
        notation: Notation = "osm_link"
    elif "google." in low or "goo.gl" in low or "maps.app" in low:
        match = _GOOGLE_RE.search(text) or _GOOGLE_QUERY_RE.search(text)
        notation = "google_link"
    else:
        return None
    if match is None:
        raise CoordinateError(
            "this map link has no coordinates in it (short links cannot be resolved offline)"
        )
    lat_s, lon_s = match.group(1), match.group(2)
    lat, lon = float(lat_s), float(lon_s)
    check_range(lat, lon)
    places = min(_decimals(lat_s), _decimals(lon_s))
    return ParsedCoordinates(lat, lon, notation, _UNIT_M[0] * 10.0**-places, raw)


# -- MGRS -----------------------------------------------------------------------------------

_MGRS_RE = re.compile(r"^(\d{1,2})([C-HJ-NP-X])([A-HJ-NP-Z]{2})(\d*)$")


def _parse_mgrs(raw: str, compact: str) -> ParsedCoordinates | None:
    match = _MGRS_RE.match(compact.upper())
    if match is None:
        return None
    zone, band, square, digits = match.groups()
    if not digits:
        raise CoordinateError(
            f"MGRS grid square {zone}{band}{square} has no easting and northing digits"
        )
    if len(digits) % 2 or len(digits) > 10:
        raise CoordinateError(
            "MGRS needs the same number of easting and northing digits (1 to 5 each)"
        )
    if not 1 <= int(zone) <= 60:
        raise CoordinateError(f"MGRS zone {int(zone)} does not exist (zones are 1 to 60)")
    half = len(digits) // 2
    import mgrs  # local: the converter builds tables on import

    try:
        # For fewer than 5 digits the library returns the centre of the square named.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            lat, lon = mgrs.MGRS().toLatLon(f"{zone}{band}{square}{digits}")
    except Exception as exc:  # the library raises bare MGRSError/RuntimeError/ValueError
        raise CoordinateError(f"MGRS reference {compact} is not a valid grid position") from exc
    if caught:  # the converter warns when the position falls outside the latitude band
        raise CoordinateError(f"MGRS reference {compact} lies outside latitude band {band}")
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise CoordinateError(f"MGRS reference {compact} is not a valid grid position")
    check_range(lat, lon)
    return ParsedCoordinates(lat, lon, "mgrs", 10.0 ** (5 - half), raw)


# -- degrees, minutes, seconds --------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)*)|(?P<mark>[°'\"])|(?P<sign>[-+−](?=\s*\d))|(?P<sep>[,;/])"
    r"|(?P<word>[A-Za-z]+)|(?P<space>\s+)|(?P<other>.)"
)
_AMBIGUOUS_DASH = (
    'the character "-" is not part of a coordinate here: between two numbers a spaced dash '
    "could be a minus sign or a separator; separate latitude and longitude with a comma"
)


@dataclass
class _Part:
    value: str
    mark: int | None  # 0 degrees, 1 minutes, 2 seconds, None unmarked
    sign: int = 1


@dataclass
class _Component:
    parts: list[_Part]
    hemisphere: str | None = None


def _split_numbers(run: str) -> list[str]:
    """``38,10`` is a decimal comma; ``39.5,46.5`` is two numbers."""
    pieces = re.split(r"([.,])", run)
    numbers, current, has_point = [], pieces[0], False
    for sep, digits in zip(pieces[1::2], pieces[2::2], strict=True):
        if sep == "." and has_point:
            raise CoordinateError(f"{run} is not a number")
        if sep == "," and has_point:
            numbers.append(current)
            current, has_point = digits, False
        else:
            current, has_point = f"{current}.{digits}", True
    numbers.append(current)
    return numbers


def _word_tokens(value: str, tokens: list[tuple[str, str]], letter_minutes: bool) -> None:
    """A run of letters: ``m``/``s`` marks after a number (``04m 33s``), hemisphere letters."""
    after_number = bool(tokens) and tokens[-1][0] == "num"
    if after_number and value[0] in "mM":
        tokens.append(("mark", "'"))
        tokens.append(("letter_m", ""))
        value = value[1:]
    elif after_number and value[0] == "s" and letter_minutes:
        # Lower-case s is seconds only where minutes were written with m; otherwise it is
        # the southern hemisphere, as it always was.
        tokens.append(("mark", '"'))
        value = value[1:]
    if not value:
        return
    letter = _WORDS.get(value.upper())
    if letter is None and len(value) > 1 and set(value.upper()) <= set("NSEW"):
        raise CoordinateError(f'"{value}" names more than one hemisphere at once')
    if letter is None:
        raise CoordinateError(f'"{value}" is not part of a coordinate')
    tokens.append(("hemi", letter))


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup or "other"
        value = m.group()
        if kind == "space":
            continue
        if kind == "num":
            for i, number in enumerate(_split_numbers(value)):
                if i:
                    tokens.append(("sep", ","))
                tokens.append(("num", number))
        elif kind == "word":
            _word_tokens(value, tokens, any(k == "letter_m" for k, _ in tokens))
        elif kind == "sign":
            before = text[m.start() - 1] if m.start() else ""
            spaced = not text[m.end()].isdigit()
            previous = tokens[-1][0] if tokens else None
            if value == "-" and before.isdigit() and not spaced:
                tokens.append(("dash", value))  # 50-27-03N: a separator or a sign, see below
            elif spaced and previous in ("num", "mark", "letter_m"):
                raise CoordinateError(_AMBIGUOUS_DASH)
            else:
                tokens.append(("sign", value))
        elif kind == "other":
            raise CoordinateError(f'the character "{value}" is not part of a coordinate')
        else:
            tokens.append((kind, value))
    tokens = [t for t in tokens if t[0] != "letter_m"]
    # A hyphen between two digits separates degrees, minutes and seconds when hemisphere
    # letters say which number is which (50-27-03N); without them it stays a minus sign.
    dash_kind = "space" if any(k == "hemi" for k, _ in tokens) else "sign"
    return [(dash_kind, v) if k == "dash" else (k, v) for k, v in tokens if
            not (k == "dash" and dash_kind == "space")]


def _parts(tokens: list[tuple[str, str]]) -> list[_Part | str]:
    """Group ``[sign] number [mark]`` into parts; separators stay as ``","``."""
    out: list[_Part | str] = []
    sign = 1
    pending_sign = False
    for i, (kind, value) in enumerate(tokens):
        if kind == "num":
            out.append(_Part(value, None, sign))
            sign, pending_sign = 1, False
        elif kind == "mark":
            last = out[-1] if out else None
            if not isinstance(last, _Part) or last.mark is not None or tokens[i - 1][0] != "num":
                raise CoordinateError(f"the mark {value} does not follow a number")
            last.mark = "°'\"".index(value)
        elif kind == "sign":
            if pending_sign:
                raise CoordinateError("two signs in a row")
            sign, pending_sign = (-1 if value in "-−" else 1), True
        elif kind == "sep":
            out.append(",")
        else:
            out.append(value)  # hemisphere letter
    if pending_sign:
        raise CoordinateError("a sign with no number after it")
    return out


def _split_components(items: list[_Part | str]) -> list[_Component]:
    hemis = [x for x in items if isinstance(x, str) and x != ","]
    if len(hemis) == 1:
        raise CoordinateError(
            "only one hemisphere letter is given; give one for each of latitude and longitude"
        )
    if len(hemis) > 2:
        raise CoordinateError("more than two hemisphere letters are given")
    if hemis:
        body = [x for x in items if x != ","]
        prefix = isinstance(body[0], str)
        groups: list[_Component] = []
        current: list[_Part] = []
        letter: str | None = None
        for x in body:
            if isinstance(x, _Part):
                current.append(x)
                continue
            if prefix:
                if letter is not None:
                    groups.append(_Component(current, letter))
                letter, current = x, []
            else:
                groups.append(_Component(current, x))
                current = []
        if prefix:
            groups.append(_Component(current, letter))
        elif current:
            raise CoordinateError("numbers follow the last hemisphere letter")
        return groups
    if "," in items:
        chunks: list[list[_Part]] = [[]]
        for x in items:
            if isinstance(x, _Part):
                chunks[-1].append(x)
            elif x == ",":
                chunks.append([])
        if len(chunks) != 2:
            raise CoordinateError("expected a latitude and a longitude separated by one comma")
        return [_Component(c) for c in chunks]
    parts = [x for x in items if isinstance(x, _Part)]
    if not any(p.mark is not None for p in parts):
        if len(parts) == 2:
            return [_Component([parts[0]]), _Component([parts[1]])]
        if len(parts) == 1:
            return [_Component(parts)]
        raise CoordinateError(
            "without degree marks or hemisphere letters, give two decimal numbers"
        )
    groups = [_Component([])]
    rank = -1
    for p in parts:
        this = p.mark if p.mark is not None else rank + 1
        if groups[-1].parts and (this <= rank or rank == 2):
            groups.append(_Component([]))
        groups[-1].parts.append(p)
        rank = this
    return groups


def _component_degrees(comp: _Component, what: str) -> tuple[float, int, float]:
    """Degrees (signed), the number of parts, and the size of the last digit in metres."""
    if not comp.parts:
        raise CoordinateError(f"the {what} has a hemisphere letter but no number")
    if len(comp.parts) > 3:
        raise CoordinateError(f"the {what} has too many numbers")
    rank = -1
    values = [0.0, 0.0, 0.0]
    for i, p in enumerate(comp.parts):
        if i and p.sign != 1:
            raise CoordinateError(f"the {what} has a sign in the middle")
        this = p.mark if p.mark is not None else rank + 1
        if this <= rank or this > 2:
            raise CoordinateError(f"the {what} has degrees, minutes and seconds out of order")
        if this != i and i == 0:
            raise CoordinateError(f"the {what} does not start with degrees")
        if this != i:
            raise CoordinateError(f"the {what} skips from degrees to seconds")
        if "." in p.value and i != len(comp.parts) - 1:
            raise CoordinateError(f"only the last number of the {what} may have decimals")
        values[this] = float(p.value)
        rank = this
    degrees, minutes, seconds = values
    if minutes >= 60:
        raise CoordinateError(f"minutes must be below 60, but the {what} has {minutes:g}")
    if seconds >= 60:
        raise CoordinateError(f"seconds must be below 60, but the {what} has {seconds:g}")
    sign = comp.parts[0].sign
    if sign == -1 and comp.hemisphere is not None:
        raise CoordinateError(
            f"the {what} has both a minus sign and a hemisphere letter; use one of them"
        )
    if comp.hemisphere in ("S", "W"):
        sign = -1
    last = comp.parts[-1]
    size = _UNIT_M[len(comp.parts) - 1] * 10.0 ** -_decimals(last.value)
    return sign * (degrees + minutes / 60 + seconds / 3600), len(comp.parts), size


def check_range(lat: float, lon: float) -> None:
    """Raise ``CoordinateError`` unless both are finite and within ±90° / ±180°."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise CoordinateError("latitude and longitude must be finite numbers")
    if abs(lat) > 90:
        raise CoordinateError(f"latitude {lat:g} is beyond ±90°")
    if abs(lon) > 180:
        raise CoordinateError(f"longitude {lon:g} is beyond ±180°")


def _parse_angles(raw: str, text: str) -> ParsedCoordinates:
    comps = _split_components(_parts(_tokens(text)))
    if len(comps) == 1:
        raise CoordinateError(
            "a lone number is not a coordinate; give a latitude and a longitude"
        )
    if len(comps) != 2:
        raise CoordinateError("expected exactly one latitude and one longitude")
    first, second = comps
    letters = (first.hemisphere, second.hemisphere)
    if letters[0] is not None:
        axes = ["lat" if h in ("N", "S") else "lon" for h in letters]
        if axes[0] == axes[1]:
            raise CoordinateError(
                f"conflicting hemispheres: {letters[0]} and {letters[1]} "
                f"both name a {'latitude' if axes[0] == 'lat' else 'longitude'}"
            )
        if axes[0] == "lon":  # written longitude first, as the letters say
            first, second = second, first
    lat, n_lat, size_lat = _component_degrees(first, "latitude")
    lon, n_lon, size_lon = _component_degrees(second, "longitude")
    check_range(lat, lon)
    notation: Notation = ("decimal", "ddm", "dms")[max(n_lat, n_lon) - 1]
    return ParsedCoordinates(lat, lon, notation, max(size_lat, size_lon), raw)


def parse_coordinates(text: str) -> ParsedCoordinates:
    """Read one latitude/longitude pair from ``text``.

    Accepts decimal degrees, degrees-minutes-seconds, degrees-decimal-minutes (hemisphere
    letters before or after, longitude first when the letters say so), MGRS, and
    OpenStreetMap / Google Maps links. Raises ``CoordinateError`` with one sentence for
    anything out of range, ambiguous or unreadable.
    """
    if not isinstance(text, str) or not text.strip():
        raise CoordinateError("no coordinates given")
    if len(text) > MAX_INPUT_CHARS:
        raise CoordinateError(
            f"text of {len(text)} characters is too long to be one coordinate pair"
        )
    link = _parse_link(text, text.strip())
    if link is not None:
        return link
    norm = normalize_coordinate_text(text)
    if _NOT_A_NUMBER_RE.search(norm):
        raise CoordinateError("latitude and longitude must be finite numbers")
    compact = norm.replace(" ", "")
    mgrs = _parse_mgrs(text, compact)
    if mgrs is not None:
        return mgrs
    # After MGRS, whose latitude band may be D (31DCH11).
    return _parse_angles(text, _DEGREE_WORD_RE.sub("°", norm))
