"""A location found in text gets a name proposed from the words around it."""

from __future__ import annotations

import pytest

from desktop.core.place_context import MAX_NAME, propose_name
from desktop.core.scan import scan_text
from tests.conftest import ARTICLE


def _names(text: str) -> list[str]:
    return [propose_name(text, c.start, c.end) for c in scan_text(text).coordinates]


def test_the_french_test_text() -> None:
    # the town is named in the sentence before the coordinates
    assert _names(ARTICLE.read_text(encoding="utf-8")) == [
        "Choucha — les débris se trouvaient aux points",
        "Choucha — débris se trouvaient aux points",
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("Debris was found near Shusha. It lay at 39.7606, 46.7427 next to the road.",
     "Shusha — It lay at"),
    ("Обломки ракеты найдены в Шуше: 39°45'38\"N 46°44'33\"E.",
     "Обломки ракеты найдены в Шуше"),
    ("Уламки знайшли біля Бахмута, координати 48.5950, 38.0007 — на полі.",
     "Уламки знайшли біля Бахмута координати"),
    ("39.7606, 46.7427", ""),
])
def test_names_in_several_languages(text: str, expected: str) -> None:
    assert _names(text) == [expected]


def test_a_long_context_is_cut() -> None:
    text = "In " + "Verylongplacename" * 10 + ". Found at 39.7606, 46.7427."
    (name,) = _names(text)
    assert len(name) == MAX_NAME and name.endswith("…")
