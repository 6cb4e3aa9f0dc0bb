"""Write coordinates back as decimal, DMS, DDM or MGRS text, and measure geodesic distance."""

from __future__ import annotations

import math
import warnings

from desktop.core.geo_parse import CoordinateError, check_range


def _fixed(value: float, places: int) -> str:
    text = f"{value:.{places}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text  # no "-0.000"


def format_decimal(lat: float, lon: float, places: int = 6) -> str:
    """``39.760583, 46.742750``: signed decimal degrees, latitude first."""
    check_range(lat, lon)
    return f"{_fixed(lat, places)}, {_fixed(lon, places)}"


def _units(value: float, parts: int, places: int) -> tuple[int, int]:
    """|value| degrees as whole smallest units and their fraction, rounded once."""
    scale = 60 ** (parts - 1) * 10**places
    units = round(abs(value) * scale)  # round the smallest unit once, so 59.96" carries
    return divmod(units, 10**places)


def _degrees_minutes(value: float, places: int) -> tuple[int, float]:
    """Split |value| degrees into whole degrees and decimal minutes."""
    whole, frac = _units(value, 2, places)
    deg, minutes = divmod(whole, 60)
    return deg, minutes + frac / 10**places


def _degrees_minutes_seconds(value: float, places: int) -> tuple[int, int, float]:
    """Split |value| degrees into whole degrees, whole minutes and decimal seconds."""
    whole, frac = _units(value, 3, places)
    deg, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    return deg, minutes, seconds + frac / 10**places


def _hemi(value: float, pos: str, neg: str) -> str:
    return neg if value < 0 else pos


def format_dms(lat: float, lon: float, places: int = 1) -> str:
    """``39°45'38.1"N 46°44'33.9"E``: degrees, minutes, seconds with hemisphere letters."""
    check_range(lat, lon)

    def one(value: float, pos: str, neg: str) -> str:
        d, m, s = _degrees_minutes_seconds(value, places)
        hemi = _hemi(value, pos, neg) if (d, m, s) != (0, 0, 0) else pos
        return f"{d}°{m:02d}'{s:0{3 + places if places else 2}.{places}f}\"{hemi}"

    return f"{one(lat, 'N', 'S')} {one(lon, 'E', 'W')}"


def format_ddm(lat: float, lon: float, places: int = 3) -> str:
    """``39°45.635'N 46°44.565'E``: degrees and decimal minutes with hemisphere letters."""
    check_range(lat, lon)

    def one(value: float, pos: str, neg: str) -> str:
        d, m = _degrees_minutes(value, places)
        hemi = _hemi(value, pos, neg) if (d, m) != (0, 0) else pos
        return f"{d}°{m:0{3 + places if places else 2}.{places}f}'{hemi}"

    return f"{one(lat, 'N', 'S')} {one(lon, 'E', 'W')}"


def format_mgrs(lat: float, lon: float, precision: int = 5) -> str:
    """``38S PK 49283 02637``: MGRS with ``precision`` digits each for easting and northing.

    MGRS covers latitudes 80°S to 84°N; the polar regions use UPS and are refused.
    """
    check_range(lat, lon)
    if not 1 <= precision <= 5:
        raise CoordinateError("MGRS precision is 1 to 5 digits")
    if not -80 <= lat <= 84:
        raise CoordinateError(f"latitude {lat:g} is outside MGRS coverage (80°S to 84°N)")
    text = _mgrs_text(lat, lon, precision)
    if not _mgrs_readable(text):
        # Within a metre below a band's northern edge the converter rounds the northing up
        # into the next band but keeps the old band letter; one metre south avoids it.
        text = _mgrs_text(max(lat - 1e-5, -80.0), lon, precision)
    zone_len = 2 if text[1].isdigit() else 1
    head = text[: zone_len + 1]
    square, digits = text[zone_len + 1 : zone_len + 3], text[zone_len + 3 :]
    return f"{head} {square} {digits[:precision]} {digits[precision:]}"


def _mgrs_text(lat: float, lon: float, precision: int) -> str:
    import mgrs

    try:
        text = mgrs.MGRS().toMGRS(lat, lon, MGRSPrecision=precision)
    except Exception as exc:  # the library raises its own bare error types
        raise CoordinateError(f"{lat:g}, {lon:g} cannot be written as MGRS") from exc
    return text.decode("ascii") if isinstance(text, bytes) else str(text)


def _mgrs_readable(text: str) -> bool:
    import mgrs

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            mgrs.MGRS().toLatLon(text)
    except Exception:  # any converter error means "not readable"
        return False
    return not caught


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in metres on the WGS 84 ellipsoid (Karney's algorithm)."""
    check_range(lat1, lon1)
    check_range(lat2, lon2)
    from geographiclib.geodesic import Geodesic

    return float(Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"])


# The size on the ground of one unit of the last digit a notation gives (metres, along a
# meridian): degrees, minutes and seconds of arc. Kept equal to geo_parse's figures.
_DIGIT_UNITS = {"decimal": 111_320.0, "osm_link": 111_320.0, "google_link": 111_320.0,
                "ddm": 1_852.0, "dms": 30.87}
_DEGREE_NOTATIONS = ("decimal", "osm_link", "google_link")
# English and French wording (the dossier is printed in either).
_WORDS = {
    "en": {"degree": "degree", "minute": "minute", "second": "second",
           "whole": "to the {unit}", "fraction": "to 1/{n} {unit}", "step": "to {step}°",
           "about": "about {size}", "under": "under 1 m as written",
           "camera": "camera reports ±{size}", "mgrs": "to a {size} MGRS grid square",
           "stated": "±{size} (stated)", "none": "not stated", "sep": ": ", "point": "."},
    "fr": {"degree": "degré", "minute": "minute", "second": "seconde",
           "whole": "à la {unit}", "fraction": "au 1/{n} de {unit}", "step": "à {step}°",
           "about": "environ {size}", "under": "moins de 1 m tel qu’écrit",
           "camera": "l’appareil indique ±{size}", "mgrs": "carré MGRS de {size}",
           "stated": "±{size} (indiquée)", "none": "non indiquée", "sep": "\u00a0: ", "point": ","},
}


def ground_size(metres: float, lang: str = "en") -> str:
    """``about 30 m``, ``about 2 km``: one significant figure; nothing finer than a metre."""
    words = _WORDS[lang]
    if metres < 1:
        return words["under"]
    rounded = float(f"{metres:.1g}")
    size = f"{rounded / 1000:g} km" if rounded >= 1000 else f"{rounded:g} m"
    return words["about"].format(size=size)


def precision_phrase(notation: str, precision_m: float | None, *, kind: str = "",
                     lang: str = "en") -> str:
    """The precision a location's source gave, in words, never finer than the source.

    ``to the second: about 30 m`` for DMS given to whole seconds, ``to 1/100 second: under
    1 m as written`` for hundredths (the digits, not an accuracy), ``to a 10 m MGRS grid
    square``; a camera's own figure as ``camera reports ±5 m``; a precision the user
    stated as ``±250 m (stated)``; ``not stated`` when unknown. ``lang``: en or fr.
    """
    words = _WORDS[lang]
    if precision_m is None or not precision_m > 0:
        return words["none"]
    if kind == "camera" or notation == "exif":
        return words["camera"].format(size=_metres(precision_m).replace(".", words["point"]))
    if notation == "mgrs":
        digits = round(5 - math.log10(precision_m))
        if 0 <= digits <= 5 and math.isclose(precision_m, 10.0 ** (5 - digits)):
            return words["mgrs"].format(size=_metres(precision_m).replace(".", words["point"]))
    unit = _DIGIT_UNITS.get(notation)
    if unit is not None:
        places = round(math.log10(unit / precision_m))
        if 0 <= places <= 12 and math.isclose(precision_m, unit * 10.0**-places, rel_tol=1e-6):
            name = words["degree" if notation in _DEGREE_NOTATIONS else
                         "minute" if notation == "ddm" else "second"]
            if places == 0:
                given = words["whole"].format(unit=name)
            elif notation in _DEGREE_NOTATIONS:
                step = f"{10.0 ** -places:.{places}f}"
                given = words["step"].format(step=step.replace(".", words["point"]))
            else:
                given = words["fraction"].format(n=10**places, unit=name)
            return given + words["sep"] + ground_size(precision_m, lang)
    return words["stated"].format(size=_metres(precision_m).replace(".", words["point"]))


def _metres(metres: float) -> str:
    """``850 m``, ``2.5 km``, ``0.5 m``: a stated distance as given, without padding."""
    if metres >= 1000:
        return f"{metres / 1000:.3g} km"
    return f"{metres:.3g} m" if metres < 10 else f"{metres:.0f} m"
