"""Every fixed text of the dossier exists in every language, and every stored value the
dossier names (kinds, statuses, stances...) has a translation."""

from __future__ import annotations

import enum
import re
import string
from pathlib import Path

import pytest

from db.models import enums
from desktop.core.export.translations import LANGUAGES, fixed_texts, translator

EXPORT = Path(__file__).resolve().parents[2] / "desktop" / "core" / "export"
# Texts that are the same word in English and French.
SAME_IN_FRENCH = {
    "photos", "annotations", "sources", "source", "note", "photo", "sha256", "gps",
    "pixels", "photo_notes", "provenance", "provenance_source", "annotation", "notes", "url",
    "action", "none", "probable", "possible", "rect", "point", "media",
}


def _keys_used_in_code() -> set[str]:
    keys: set[str] = set()
    for path in EXPORT.rglob("*.py"):
        code = path.read_text("utf-8")
        if "_TEXTS: dict[str, tuple[str, str]]" in code and path.name != "translations.py":
            continue  # a section with its own (English, French) table, checked by its type
        keys |= set(re.findall(r"\bt\(\s*[\"']([a-z0-9_]+)[\"']", code))
    return keys - {"key"}  # the translator's own docstring


def _stored_values() -> set[str]:
    values: set[str] = set()
    for name in dir(enums):
        kind = getattr(enums, name)
        ours = isinstance(kind, type) and kind.__module__ == enums.__name__
        if ours and issubclass(kind, enum.Enum):
            values |= {str(member.value) for member in kind}
    return values


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_the_code_uses_exists(language: str) -> None:
    texts = fixed_texts(language)
    missing = sorted((_keys_used_in_code() | _stored_values()) - set(texts))
    assert not missing, f"{language}: no text for {missing}"


def test_every_text_is_translated_with_the_same_placeholders() -> None:
    english, french = fixed_texts("en"), fixed_texts("fr")
    assert set(english) == set(french)
    fields = string.Formatter()
    for key, text in english.items():
        assert text.strip() or key == "thousands_sep", key
        assert french[key].strip() or key == "thousands_sep", key
        names = {f for _, f, _, _ in fields.parse(text) if f}
        assert names == {f for _, f, _, _ in fields.parse(french[key]) if f}, key
        if key not in SAME_IN_FRENCH and key != "thousands_sep":
            assert french[key] != text, f"{key} is not translated"


def test_french_numbers_and_units() -> None:
    t = translator("fr")
    size = f"{1234567:,}".replace(",", t("thousands_sep"))
    assert t("pixels_value", width=1600, height=1200, size=size) == \
        "1600 × 1200 pixels, 1\u00a0234\u00a0567 octets"
