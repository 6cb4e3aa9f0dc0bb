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
# Marks (harakat, niqqud) and joiners: extracted exactly as typed, not only after NFKC.
MARKED = {
    "ar": "قال مُحَمَّد إن الصَّارُوخ سقط",
    "fa": "می‌خواهم بدانم که این قطعه از کجاست",
    "ur": "ہم نے میزائل کے ٹکڑے دیکھے ہیں",
    "he": "שָׁלוֹם עוֹלָם אָמַר הַשּׁוֹטֵר",
}
# Mixed directions: a Latin index code and numbers in Arabic, a quoted English name in
# Hebrew, an Arabic place name in an English claim.
MIXED = {
    "ar": "عثر الخبراء على 3 شظايا من الصاروخ 9M723 (إسكندر) في شوشا.",
    "he": 'הסוכנות ציטטה את "John Smith" מהמשרד.',
    "en": "The agency found fragments near شوشا (Shusha) on 15 March.",
}


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
            texts = [*STATEMENTS.items(), *MARKED.items(), *MIXED.items()]
            for lang, statement in texts:
                actor = Actor(name=ACTORS.get(lang, f"Actor {lang}"), kind=ActorKind.AGENCY)
                session.add(actor)
                session.flush()
                session.add(Claim(statement=statement, actor_id=actor.id,
                                  note=f"{statement} 💣 🧨 \U00020000"))
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
    # a rare CJK ideograph (extension B): never an empty box
    assert "[U+20000]" in extracted and "\U00020000" not in extracted


def test_symbols_beyond_the_basic_plane_print_and_extract_as_themselves(
        pdf: Path, extracted: list[str]) -> None:
    """💣 (U+1F4A3), an emoji, and 🧨 print after Latin and after right-to-left words
    alike, and are read back as themselves by pdftotext and by pypdf."""
    import pypdf

    assert scripts.emoji_spans("\U0001f4a3") == ((0, 1),)
    for emoji in ("\U0001f4a3", "\U0001f9e8"):
        assert extracted.count(emoji) >= len(STATEMENTS) + len(MARKED) + len(MIXED)
    reader = pypdf.PdfReader(pdf, strict=True)
    assert "\U0001f4a3" in "".join(page.extract_text() for page in reader.pages)


def test_a_symbol_beyond_the_basic_plane_is_drawn_on_the_page(tmp_path: Path) -> None:
    """The page shows the glyph: a line with 🛡 (U+1F6E1 SHIELD) and 🠠 (U+1F820, an arrow) has more
    ink than the same line without them, and extracts with them."""
    from reportlab.pdfgen.canvas import Canvas

    from desktop.core.export.bidi_paragraph import BidiParagraph
    from desktop.core.export.pdf_finish import finish_pdf
    from desktop.core.export.styles import styles

    def ink(text: str, name: str) -> tuple[int, str]:
        para = BidiParagraph(text, styles().body)
        para.wrap(300, 100)
        raw = tmp_path / f"{name}.raw.pdf"
        canvas = Canvas(str(raw), pagesize=(320, 40))
        para.drawOn(canvas, 10, 10)
        canvas.save()
        out = tmp_path / f"{name}.pdf"
        finish_pdf(raw.read_bytes(), out, [], invariant=True,
                   mod_date="D:20240101000000Z", language="en")
        subprocess.run(["pdftoppm", "-gray", "-r", "150", str(out), str(tmp_path / name)],
                       check=True)
        image = next(tmp_path.glob(f"{name}-*.pgm")).read_bytes()
        pixels = image.split(b"\n", 3)[3]  # after the header: magic, size, maximum
        dark = sum(1 for value in pixels if value < 128)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], check=True,
                              capture_output=True, text=True).stdout
        return dark, text

    with_symbols, text = ink("shield \U0001f6e1 arrow \U0001f820 end", "with")
    without, _ = ink("shield arrow end", "without")
    assert "\U0001f6e1" in text and "\U0001f820" in text and "U+" not in text
    assert with_symbols > without + 50


def test_every_font_is_embedded_with_the_script_fonts(pdf: Path) -> None:
    listing = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                             text=True).stdout.splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in listing}
    assert {"NotoSansArabic-Regular", "NotoSansHebrew-Regular", "DejaVuSans",
            "OpenMojiColor"} <= names  # the emoji's text layer
    for line in listing:
        emb = line.split()[-5]
        assert emb == "yes", line


def test_hebrew_and_arabic_are_laid_out_here_latin_is_not() -> None:
    assert scripts.needs_layout(STATEMENTS["ar"]) and scripts.needs_layout(STATEMENTS["he"])
    for lang in ("hy", "ru", "az", "fr"):
        assert not scripts.needs_layout(STATEMENTS[lang])


def _visual(text: str) -> str:
    """``text`` as laid out, read from left to right: each run's glyphs as the characters
    they show (Arabic presentation forms folded), a space where a space run stands."""
    runs = scripts.visual_order(scripts.shape_text(text, 10, False, 1.0))
    return "".join(" " if run.space else unicodedata.normalize(
        "NFKC", "".join(g.char for g in run.glyphs)) for run in runs)


def _rev(word: str) -> str:
    return word[::-1]


def test_visual_order_of_a_mixed_line() -> None:
    assert _visual("قالت الوكالة 9M723 في") == f"{_rev('في')} 9M723 {_rev('الوكالة')} " \
        f"{_rev('قالت')}"
    assert _visual("The قالت الوكالة said") == f"The {_rev('الوكالة')} {_rev('قالت')} said"


def test_a_full_stop_stands_where_its_sentence_ends() -> None:
    # an Arabic sentence ends on the left, even after a Latin index
    assert _visual("قالت الوكالة 9M723.") == f".9M723 {_rev('الوكالة')} {_rev('قالت')}"
    # an English sentence ends on the right, even after a Hebrew word
    assert _visual("He said שלום.") == f"He said {_rev('שלום')}."
    # punctuation inside a run of one direction stays with its word
    assert _visual("قالت الوكالة، في") == f"{_rev('في')} {_rev('الوكالة،')} {_rev('قالت')}"
    assert _visual("(1) test, ok.") == "(1) test, ok."


def test_nested_directions_follow_the_bidirectional_algorithm() -> None:
    # numbers and a Latin code inside Arabic keep their own order; brackets are mirrored
    # at a right-to-left level, so the pair still opens on the reading side
    assert _visual("عثر الخبراء 3 شظايا من 9M723 (إسكندر)") == (
        f"({_rev('إسكندر')}) 9M723 {_rev('من')} {_rev('شظايا')} 3 {_rev('الخبراء')} "
        f"{_rev('عثر')}")
    # a quoted English name in Hebrew: the quotes stay against the name they enclose
    assert _visual('אמר "John Smith" היום') == f'{_rev("היום")} "John Smith" {_rev("אמר")}'
    # an Arabic place name in an English claim, in brackets
    assert _visual("Found near شوشا (Shusha) today.") == \
        f"Found near {_rev('شوشا')} (Shusha) today."
    # explicit isolates and embeddings are honoured (U+2067 RLI ... U+2069 PDI)
    assert _visual("code \u2067شوشا 12\u2069 end") == f"code 12 {_rev('شوشا')} end"


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


def _raw_lines(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return [re.sub("[\u200e\u200f\u202a-\u202e]", "", line) for line in out.splitlines()]


@pytest.mark.parametrize("lang", sorted(MARKED))
def test_marks_and_joiners_extract_exactly_as_typed(lang: str, pdf: Path) -> None:
    """Harakat, Hebrew points and the Persian zero-width non-joiner come out of
    ``pdftotext`` after their letter, in the order typed: no NFKC folding needed."""
    assert MARKED[lang] in _raw_lines(pdf)


def _script_words(text: str) -> list[str]:
    """Letters and digits cut where the script changes (Arabic, Hebrew, the rest), so that
    a space ``pdftotext`` leaves out at a change of direction does not matter."""
    def script(ch: str) -> str:
        name = unicodedata.name(ch, "")
        return "ar" if name.startswith("ARABIC") else "he" if name.startswith("HEBREW") \
            else "other"

    words: list[str] = []
    previous = ""
    for ch in unicodedata.normalize("NFKC", text):
        if not (ch.isalnum() or unicodedata.combining(ch) or ch == "\u200c"):
            previous = ""
            continue
        kind = script(ch) if not unicodedata.combining(ch) else previous
        if kind == previous and words:
            words[-1] += ch
        else:
            words.append(ch)
        previous = kind
    return words


@pytest.mark.parametrize("lang", sorted(MIXED))
def test_mixed_directions_extract_every_word_intact(lang: str, pdf: Path) -> None:
    """Every word of a sentence mixing directions is extracted whole; an English claim
    with an Arabic place name reads in the order typed. (pdftotext orders the segments
    of a right-to-left sentence that embeds a Latin code by the page's main direction,
    see docs/dossier.md.)"""
    wanted = _script_words(MIXED[lang])
    got = [_script_words(line) for line in _raw_lines(pdf)]
    assert any(sorted(words) == sorted(wanted) for words in got), lang
    if lang == "en":
        assert wanted in got


def test_bookmarks_hold_right_to_left_titles_as_typed(pdf: Path) -> None:
    """Outline titles are text strings in logical order (UTF-16BE with a byte order mark),
    never shaped presentation forms: a viewer applies the bidirectional algorithm."""
    import pikepdf

    titles: dict[str, bytes] = {}
    with pikepdf.open(pdf) as doc:
        stack = [doc.Root.Outlines.get("/First")]
        while stack:
            item = stack.pop()
            if item is None:
                continue
            titles[str(item.Title)] = bytes(item.Title.unparse())
            stack += [item.get("/First"), item.get("/Next")]
    for name in ACTORS.values():
        title = next(t for t in titles if name in t)
        assert not any("\ufb50" <= ch <= "\ufeff" for ch in title), title
        assert titles[title].startswith(b"<feff"), titles[title][:20]


def test_the_outlines_and_the_text_layer_keep_the_file_sound(pdf: Path) -> None:
    """Glyph outlines are form XObjects (one per glyph, reused) and the text layer is
    invisible text in embedded fonts: qpdf finds nothing wrong."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        assert doc.check_pdf_syntax() == []
        forms = {name for page in doc.pages
                 for name in page.Resources.get("/XObject", {})}
    assert any("glyph" in name.lower() for name in forms), sorted(forms)[:5]


def test_levels_are_read_whatever_the_text_holds() -> None:
    """The levels come from python-bidi's listing, which prints the text first: a text
    that looks like the listing cannot be taken for it."""
    from desktop.core.export.bidi_levels import paragraph_levels

    tricky = 'levels: [\n    Level(\n 7,\n ),\n] שלום "x" \r\t\\n    levels: [\\n'
    base, levels = paragraph_levels(tricky.replace("\n", " "))
    assert base == 0 and len(levels) == len(tricky)
    assert levels[tricky.index("ש")] == 1 and levels[0] == 0


def test_a_lone_surrogate_prints_as_its_code_point(tmp_path: Path) -> None:
    """A broken character (half of a UTF-16 pair) cannot reach the bidirectional
    algorithm: it is printed as its code point, and the rest of the text as usual."""
    from reportlab.pdfgen.canvas import Canvas

    from desktop.core.export.bidi_paragraph import BidiParagraph
    from desktop.core.export.styles import styles

    para = BidiParagraph("שלום \ud800 עולם", styles().body)
    para.wrap(300, 100)
    out = tmp_path / "s.pdf"
    canvas = Canvas(str(out), pagesize=(320, 60))
    para.drawOn(canvas, 10, 10)
    canvas.save()
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "U+D800" in text and "שלום" in text and "עולם" in text
