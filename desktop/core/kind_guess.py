"""The kind an annotation's reading suggests: an index code the catalog knows, a lot
number ("08-20 № 00317", "партия 12"), or a serial number (a long run of digits).

Only a proposal: the inspector applies it to a new annotation still of kind "other", never
over a kind the user chose.
"""

from __future__ import annotations

import re

from desktop.core.markings import Catalog, normalize_marking

# "№ 00317", "No. 31", "N 0031" (the number sign, spelled out or as a letter pair)
_NUMBER_SIGN = re.compile(r"(№|\bN[oO]?\.?\s*\d)")
# a batch/year pair as stencilled on Soviet-era munitions: "08-20", "3-87"
_LOT_PAIR = re.compile(r"^\s*\d{1,3}\s*-\s*\d{2}\b")
_LOT_WORD = re.compile(r"\b(lot|batch|партия|парт)\b", re.IGNORECASE)
_SERIAL = re.compile(r"^[\s\d-]*\d{5,}[\s\d-]*$")


def propose_kind(reading: str, catalog: Catalog | None) -> str | None:
    """The annotation kind ``reading`` suggests, or None when it suggests none."""
    text = reading.strip()
    if not text:
        return None
    if catalog is not None and catalog.match(text):
        return "index_code"
    if _LOT_WORD.search(text) or _LOT_PAIR.match(text) or _NUMBER_SIGN.search(text):
        return "lot_number"
    if _SERIAL.match(normalize_marking(text)):
        return "serial_number"
    return None
