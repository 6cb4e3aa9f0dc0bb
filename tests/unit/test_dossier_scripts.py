"""Claims in every script the investigators meet, printed shaped, in visual order, and
extracted by ``pdftotext`` in logical order (the order they were typed)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from db.models import Actor, ActorKind, Claim
from desktop.core.casefile import CaseFile
from desktop.core.export import scripts
from desktop.core.export.dossier import build_dossier
from desktop.core.queries.dossier import DossierOptions, dossier_data

STATEMENTS = {
    "ar": "قالت الوكالة الوطنية لإزالة الألغام إن شظايا صاروخين وجدت في شوشا",
    "fa": "آژانس ملی مین زدایی گفت که قطعات دو موشک در شوشا پیدا شد",
    "ur": "ایجنسی نے کہا کہ دو میزائلوں کے ٹکڑے شوشا میں ملے ہیں",
    "he": "הסוכנות אמרה שנמצאו שברי שני טילים בשושה",
    "hy": "Փաշինյան. Իսկանդերները չեն պայթել, կամ պայթել է միայն 10 տոկոսը",
    "ru": "Минобороны России: Армения не применяла «Искандеры»",
    "az": "ANAMA: Şuşa şəhərində 9M723 raketinin qəlpələri aşkar edilib",
    "fr": "Des fragments de deux missiles ont été trouvés à Chouchi « à l'œil »",
}
ACTORS = {"ar": "الوكالة الوطنية", "he": "משרד הביטחון"}


def words(text: str) -> list[str]:
    """The words of ``text``: presentation forms folded (NFKC), bidi marks dropped."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub("[\u200e\u200f\u202a-\u202e]", "", folded).split()


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scripts")
    case = CaseFile.create(root / "Scripts", title="شوشا / Շուշի / Şuşa", investigator="T")
    try:
        with case.write_session() as session:
            for lang, statement in STATEMENTS.items():
                actor = Actor(name=ACTORS.get(lang, f"Actor {lang}"), kind=ActorKind.AGENCY)
                session.add(actor)
                session.flush()
                session.add(Claim(statement=statement, actor_id=actor.id,
                                  note=f"{statement} 💣 🧨"))
            case.audit(session, "test.setup", "case")
        data = dossier_data(case, DossierOptions())
    finally:
        case.close()
    return build_dossier(data, root / "scripts.pdf")


@pytest.fixture(scope="module")
def extracted(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return words(out)


@pytest.mark.parametrize("lang", sorted(STATEMENTS))
def test_each_script_extracts_in_logical_order(lang: str, extracted: list[str]) -> None:
    wanted = words(STATEMENTS[lang])
    n = len(wanted)
    assert any(extracted[i:i + n] == wanted for i in range(len(extracted) - n + 1)), lang


def test_right_to_left_names_in_fields_and_the_cover(extracted: list[str]) -> None:
    for name in ACTORS.values():
        wanted = words(name)
        assert any(extracted[i:i + len(wanted)] == wanted for i in range(len(extracted))), name
    assert words("شوشا")[0] in extracted


def test_a_character_no_font_has_is_printed_as_its_code_point(extracted: list[str]) -> None:
    assert "[U+1F9E8]" in extracted  # never an empty box


def test_every_font_is_embedded_with_the_script_fonts(pdf: Path) -> None:
    listing = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                             text=True).stdout.splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in listing}
    assert {"NotoSansArabic-Regular", "NotoSansHebrew-Regular", "DejaVuSans"} <= names
    for line in listing:
        emb = line.split()[-5]
        assert emb == "yes", line


def test_hebrew_and_arabic_are_laid_out_here_latin_is_not() -> None:
    assert scripts.needs_layout(STATEMENTS["ar"]) and scripts.needs_layout(STATEMENTS["he"])
    for lang in ("hy", "ru", "az", "fr"):
        assert not scripts.needs_layout(STATEMENTS[lang])


def test_visual_order_of_a_mixed_line() -> None:
    line = [scripts.shape_word(w, 10, False) for w in ("قالت", "الوكالة", "9M723", "في")]
    order = [w.text for w in scripts.visual_order(line, rtl_base=True)]
    assert order == ["في", "9M723", "الوكالة", "قالت"]
    latin = [scripts.shape_word(w, 10, False) for w in ("The", "قالت", "الوكالة", "said")]
    order = [w.text for w in scripts.visual_order(latin, rtl_base=False)]
    assert order == ["The", "الوكالة", "قالت", "said"]


def _visual(text: str, rtl_base: bool) -> str:
    line = [w for token in text.split() for w in scripts.shape_token(token, 10, False)]
    ordered = scripts.visual_order(line, rtl_base)
    return "".join(w.text + (" " if gap else "")
                   for w, gap in zip(ordered, scripts.gaps(line, ordered, 1.0), strict=True))


def test_a_full_stop_stands_where_its_sentence_ends() -> None:
    # an Arabic sentence ends on the left, even after a Latin index
    assert _visual("قالت الوكالة 9M723.", rtl_base=True) == ".9M723 الوكالة قالت"
    # an English sentence ends on the right, even after a Hebrew word
    assert _visual("He said שלום.", rtl_base=False) == "He said שלום."
    # punctuation inside a run of one direction stays with its word
    assert _visual("قالت الوكالة، في", rtl_base=True) == "في ،الوكالة قالت"
    assert _visual("(1) test, ok.", rtl_base=False) == "(1) test, ok."
    assert scripts.split_neutral_ends("«9M723»,") == ["«", "9M723", "»,"]


def test_a_full_stop_after_a_latin_index_is_printed_at_the_left(tmp_path: Path) -> None:
    """Drawn, the full stop of an Arabic sentence ending in 9M723 is left of 9M723."""
    from reportlab.pdfgen.canvas import Canvas

    from desktop.core.export.bidi_paragraph import BidiParagraph
    from desktop.core.export.styles import styles

    para = BidiParagraph("قالت الوكالة 9M723.", styles().body)
    para.wrap(300, 100)
    out = tmp_path / "p.pdf"
    canvas = Canvas(str(out), pagesize=(320, 60))
    para.drawOn(canvas, 10, 10)
    canvas.save()
    bbox = subprocess.run(["pdftotext", "-bbox", str(out), "-"], check=True,
                          capture_output=True, text=True).stdout
    boxes = {m[2]: float(m[0]) for m in re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>',
        bbox)}
    stop = next(x for word, x in boxes.items() if word.startswith("."))
    index = next(x for word, x in boxes.items() if "9M723" in word)
    assert stop <= index


def test_contents_entries_of_right_to_left_titles_extract_in_logical_order(pdf: Path) -> None:
    import pikepdf

    contents = words(subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", "2", "-l", "2",
                                     str(pdf), "-"], check=True, capture_output=True,
                                    text=True).stdout)
    assert "Contents" in contents[:4]
    for name in ACTORS.values():  # claim headings name their actor
        first, second = name.split()
        at = contents.index(first)
        assert contents[at + 1].startswith(second), contents[at - 2:at + 3]
    with pikepdf.open(pdf) as doc:  # every entry is still a link to its heading
        links = [a for a in doc.pages[1].get("/Annots", []) if a.get("/Subtype") == "/Link"]
    assert len(links) >= 8 + 5
