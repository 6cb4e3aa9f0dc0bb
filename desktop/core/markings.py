"""Markings: normalise what was read off the metal and match it against the catalog.

A marking such as ``9М723`` is usually stencilled in Cyrillic and typed in Latin, with or
without spaces and dashes. ``normalize_marking`` folds all of these into one key
(``9M723``; ``Х-101``, ``X 101`` and ``Kh-101`` all become ``X101``), and
``Catalog.match`` looks that key up, handling suffixes (``9M723K1`` still finds ``9M723``)
and ``?`` for an unreadable character.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

# Cyrillic and Greek letters that look like Latin ones, upper and lower case, folded to the
# Latin capital. Only true look-alikes: Cyrillic З is not folded to 3, nor П to N.
_LOOKALIKES = {
    "A": "АаΑα",
    "B": "ВвΒβ",
    "C": "Сс",
    "E": "ЕеЁёΕε",
    "H": "НнΗ",
    "I": "ІіΙ",
    "J": "Јј",
    "K": "КкΚκ",
    "M": "МмΜ",
    "N": "Ν",
    "O": "ОоΟο",
    "P": "РрΡρ",
    "S": "Ѕѕ",
    "T": "ТтΤτ",
    "X": "ХхΧχ",
    "Y": "УуΥ",
}
_FOLD = {ord(c): latin for latin, chars in _LOOKALIKES.items() for c in chars}
# Every dash and hyphen variant, and the separators people put inside codes.
_DASHES = "-‐‑‒–—―−⁃﹘﹣－_"
_REMOVE = {ord(c): None for c in _DASHES}


def normalize_marking(text: str) -> str:
    """The matching key of a marking: look-alikes folded to Latin, upper case, no spaces or
    dashes, "KH" read as X (the Cyrillic Х). ``?`` (an unreadable character) is kept."""
    s = unicodedata.normalize("NFKC", text).translate(_FOLD).translate(_REMOVE)
    s = "".join(s.split()).upper()
    return s.replace("KH", "X")


@dataclass(frozen=True)
class CatalogItem:
    """One catalog entry: an index code and what it belongs to. ``user`` marks case entries."""

    code: str
    system: str
    category: str = ""
    origin: str = ""
    description: str = ""
    citation: str = ""
    aliases: tuple[str, ...] = ()
    user: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        """Normalised code and aliases, the code first."""
        out: list[str] = []
        for text in (self.code, *self.aliases):
            key = normalize_marking(text)
            if key and key not in out:
                out.append(key)
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        """The entry as stored in a catalog file (``user`` is where it came from, not data)."""
        record = asdict(self)
        del record["user"]
        return record | {"aliases": list(self.aliases)}


@dataclass(frozen=True)
class CatalogMatch:
    """A catalog entry a marking matches. ``exact`` is False for a prefix match (the reading
    has a suffix the catalog does not list, e.g. 9M723K1 -> 9M723)."""

    code: str
    system: str
    category: str
    origin: str
    description: str
    citation: str
    exact: bool
    matched: str = ""  # the normalised key that matched (the code or an alias)
    user: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (CLI, interchange); ``matched`` is internal and left out."""
        record = asdict(self)
        del record["matched"]
        return record


# Latin transliterations of Cyrillic letters that look like another Latin letter: 9N235 is
# stencilled 9Н235 (Н looks like H), 5V55 is 5В55, S-300 is С-300, R-500 is Р-500.
_TRANSLITERATED = {"N": "H", "V": "B", "S": "C", "R": "P"}


def _cyrillic_spellings(key: str) -> set[str]:
    """Keys a Latin code takes when it was stencilled in Cyrillic and read by its shape."""
    spots = [i for i, c in enumerate(key) if c in _TRANSLITERATED][:4]
    out: set[str] = set()
    for mask in range(1, 2 ** len(spots)):
        chars = list(key)
        for bit, i in enumerate(spots):
            if mask >> bit & 1:
                chars[i] = _TRANSLITERATED[chars[i]]
        out.add("".join(chars))
    out.discard(key)
    return out


def _wild_equal(reading: str, key: str) -> bool:
    if len(reading) != len(key):
        return False
    return all(r in ("?", k) for r, k in zip(reading, key, strict=True))


@dataclass(frozen=True)
class Catalog:
    """An immutable collection of catalog entries, indexed by normalised key."""

    items: tuple[CatalogItem, ...] = ()
    _index: dict[str, CatalogItem] = field(default_factory=dict, init=False, repr=False,
                                           compare=False)

    def __post_init__(self) -> None:
        index: dict[str, CatalogItem] = {}
        for item in self.items:
            for key in item.keys:
                index.setdefault(key, item)
        for item in self.items:  # after every real key, so a variant never hides one
            for key in item.keys:
                for variant in _cyrillic_spellings(key):
                    index.setdefault(variant, item)
        object.__setattr__(self, "_index", index)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[CatalogItem]:
        return iter(self.items)

    @property
    def keys(self) -> frozenset[str]:
        """Every normalised code and alias."""
        return frozenset(self._index)

    def get(self, code: str) -> CatalogItem | None:
        """The entry whose code or alias normalises like ``code``, if any."""
        return self._index.get(normalize_marking(code))

    def with_entries(self, extra: Iterable[CatalogItem]) -> Catalog:
        """A new catalog with ``extra`` added; an extra entry replaces a shipped one with the
        same normalised code (the user's correction wins)."""
        extra = tuple(extra)
        replaced = {normalize_marking(item.code) for item in extra}
        kept = tuple(i for i in self.items if normalize_marking(i.code) not in replaced)
        return Catalog(kept + extra)

    def match(self, text: str) -> list[CatalogMatch]:
        """Entries a reading matches, best first.

        Exact matches (every ``?`` standing for any one character, so ``9M72?`` returns
        9M723, 9M728 and 9M729) are returned when there are any; otherwise prefix matches,
        where the reading continues past a catalog code (``9M723K1`` -> 9M723), longest
        code first. An empty reading matches nothing.
        """
        reading = normalize_marking(text)
        if not reading or set(reading) == {"?"}:
            return []
        exact: dict[CatalogItem, str] = {}
        prefix: dict[CatalogItem, str] = {}
        wild = "?" in reading
        for key, item in self._index.items():
            if (_wild_equal(reading, key) if wild else reading == key):
                exact.setdefault(item, key)
            elif len(reading) > len(key) and (
                _wild_equal(reading[: len(key)], key) if wild else reading.startswith(key)
            ) and not set(reading[: len(key)]) <= {"?"}:
                prefix.setdefault(item, key)
        if exact:
            chosen, is_exact = exact, True
            order = sorted(chosen, key=lambda i: (i.user is False, i.code))
        else:
            chosen, is_exact = prefix, False
            order = sorted(chosen, key=lambda i: (-len(chosen[i]), i.code))
        return [
            CatalogMatch(
                code=i.code, system=i.system, category=i.category, origin=i.origin,
                description=i.description, citation=i.citation, exact=is_exact,
                matched=chosen[i], user=i.user,
            )
            for i in order
        ]


def lookalikes(letter: str) -> str:
    """Every character that ``normalize_marking`` folds to the Latin capital ``letter``
    (the letter itself, its lower case, and its Cyrillic and Greek look-alikes)."""
    return letter + letter.lower() + _LOOKALIKES.get(letter, "")


# Latin transliteration of Cyrillic letters as GRAU indices and missile names are written in
# English (9Н235 -> 9N235, Х-101 -> Kh-101, 9М723 -> 9M723); Greek look-alikes fold to Latin.
_TRANSLIT = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ё": "E", "Ж": "Zh",
    "З": "Z", "И": "I", "Й": "Y", "К": "K", "Л": "L", "М": "M", "Н": "N", "О": "O",
    "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "U", "Ф": "F", "Х": "Kh", "Ц": "Ts",
    "Ч": "Ch", "Ш": "Sh", "Щ": "Shch", "Ъ": "", "Ы": "Y", "Ь": "", "Э": "E", "Ю": "Yu",
    "Я": "Ya", "І": "I", "Ї": "Yi", "Є": "Ye", "Ґ": "G", "Ў": "U", "Ј": "J", "Ѕ": "S",
}
_GREEK = {ord(c): latin for latin, chars in _LOOKALIKES.items() for c in chars
          if "\u0370" <= c <= "\u03ff"}
_DASH_TO_HYPHEN = {ord(c): "-" for c in _DASHES if c != "_"}
_LATIN_KH = re.compile(r"(?<![A-Z])KH(?![A-Za-z])")  # KH-101 typed in Latin reads Kh-101


def display_marking(text: str) -> str:
    """How a marking is shown: Cyrillic transliterated (``9Н235`` -> ``9N235``, ``Х-101`` ->
    ``Kh-101``), upper case, spaces removed, every dash a hyphen, ``?`` kept.

    Matching still uses ``normalize_marking`` (look-alike folding); this is the reading an
    investigator writes in a report. Latin letters are kept as typed: a Latin ``9H235`` is
    shown as typed, and its catalog match says what it is.
    """
    s = unicodedata.normalize("NFKC", text).translate(_DASH_TO_HYPHEN)
    s = "".join(s.split()).upper().translate(_GREEK).strip("-")
    out: list[str] = []
    for i, c in enumerate(s):
        latin = _TRANSLIT.get(c, c)
        # A two-letter transliteration is written Kh where a code's letters end (Kh-101),
        # and in capitals inside a word of capitals (SHAKHED).
        if len(latin) > 1 and i + 1 < len(s) and s[i + 1].isalpha():
            latin = latin.upper()
        out.append(latin)
    return _LATIN_KH.sub("Kh", "".join(out))
