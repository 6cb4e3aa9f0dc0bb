"""Emoji in a real dossier: printed in colour as one glyph per sequence, as vectors, and
extracted as typed by ``pdftotext`` and pypdf, inside English, Arabic and Russian text."""

from __future__ import annotations

import colorsys
import re
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pypdf
import pytest
import uharfbuzz as hb
from PIL import Image

from db.models import Actor, ActorKind, Claim, Link, Stance
from desktop.core.casefile import CaseFile
from desktop.core.export import scripts
from desktop.core.export.dossier import build_dossier
from desktop.core.queries.dossier import DossierOptions, dossier_data
from desktop.core.resources import resource_path
from tests.unit import test_dossier_pdfa as pdfa

FIRECRACKER, BOMB, FLAG, THUMB = "🧨", "💣", "🇺🇦", "👍🏽"
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # man, ZWJ, woman, ZWJ, girl
KEYCAP = "1\ufe0f\u20e3"
HEART = "\u2764\ufe0f"  # a text-default symbol asked for as emoji
EMOJI = (FIRECRACKER, BOMB, FLAG, THUMB, FAMILY, KEYCAP, HEART)
CLAIMS = {
    "en": f"ANAMA posted {FIRECRACKER} and {BOMB} near the {FLAG} line, {THUMB} from "
          f"{FAMILY}, step {KEYCAP} {HEART} today.",
    "ar": f"قالت الوكالة {FIRECRACKER} إن {BOMB} شظايا {FLAG} و {THUMB} من {FAMILY} و "
          f"{KEYCAP} و {HEART} في شوشا",
    "ru": f"Минобороны {FIRECRACKER} России {BOMB} {FLAG} {THUMB} {FAMILY} {KEYCAP} "
          f"«Искандеры» {HEART} на хранении",
}
NOTES = {
    "en": f"Seen{FIRECRACKER}{BOMB}together with {FAMILY}{FLAG} and {HEART}{KEYCAP}",
    "ar": f"ملاحظة {FAMILY}{FLAG} هنا {THUMB}{FIRECRACKER} صاروخ",
    "ru": f"Заметка {FLAG}{FAMILY} и {KEYCAP}{HEART}{BOMB} конец",
}
# no bundled font has these: a rare CJK ideograph (extension B) and a private-use character
NO_FONT = "\U00020000\ue000"
# in lines that reportlab lays out with markup: a claim's relations (actor, link note)
ACTOR_EN = f"Posters {FLAG}"
LINK_NOTE = f"Denied with {BOMB}{FAMILY} and {KEYCAP} twice"


def words(text: str) -> list[str]:
    """The words of ``text``, bidirectional marks (which pdftotext adds) dropped."""
    return re.sub("[\u200e\u200f\u202a-\u202e]", "", text).split()


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("emoji")
    case = CaseFile.create(root / "Emoji", title=f"Posts {FLAG} {FIRECRACKER}",
                           investigator="T")
    try:
        with case.write_session() as session:
            claims = {}
            for lang, statement in CLAIMS.items():
                actor = Actor(name=ACTOR_EN if lang == "en" else f"Actor {lang}",
                              kind=ActorKind.AGENCY)
                session.add(actor)
                session.flush()
                note = NOTES[lang] + (f" {NO_FONT}" if lang == "en" else "")
                claims[lang] = Claim(statement=statement, actor_id=actor.id, note=note)
                session.add(claims[lang])
            session.flush()
            session.add(Link(from_claim_id=claims["ru"].id, to_claim_id=claims["en"].id,
                             stance=Stance.CONTRADICTS, note=LINK_NOTE))
            case.audit(session, "test.setup", "case")
        data = dossier_data(case, DossierOptions())
    finally:
        case.close()
    return build_dossier(data, root / "emoji.pdf")


@pytest.fixture(scope="module")
def text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def _contains(found: list[str], wanted: list[str]) -> bool:
    n = len(wanted)
    return any(found[i:i + n] == wanted for i in range(len(found) - n + 1))


@pytest.mark.parametrize("lang", sorted(CLAIMS))
def test_pdftotext_reads_each_claim_and_note_as_typed(lang: str, text: str) -> None:
    """Every emoji comes out whole, in its place. In the Arabic claim the keycap's digit
    is, for pdftotext, a left-to-right stretch inside right-to-left text: it reads the
    two sides of it in the page's order (see docs/dossier.md), each as typed."""
    for typed in (CLAIMS[lang], NOTES[lang]):
        if lang == "ar":
            found = words(text.replace(KEYCAP, " "))
            assert all(_contains(found, words(part)) for part in typed.split(KEYCAP)), typed
        else:
            assert _contains(words(text), words(typed)), typed
    assert words(text).count(KEYCAP) >= 2  # in the claims of the two others, whole


def test_emoji_in_lines_with_markup_print_and_read_as_typed(pdf: Path, text: str) -> None:
    """A claim's relations are reportlab paragraphs with markup (a stance in colour, the
    note in italics): the actor's flag and the link note's emoji are read back as typed,
    in their place in the line, by pdftotext and pypdf."""
    reader = pypdf.PdfReader(pdf, strict=True)
    extracted = "".join(page.extract_text() for page in reader.pages).split()
    for found in (words(text), extracted):
        assert _contains(found, words(f"C1 ({ACTOR_EN}) — {LINK_NOTE}")), found
        assert _contains(found, words(f"(Actor ru) contradicts this claim — {LINK_NOTE}"))


def test_pypdf_reads_every_sequence_as_typed(pdf: Path) -> None:
    reader = pypdf.PdfReader(pdf, strict=True)
    extracted = "".join(page.extract_text() for page in reader.pages)
    for emoji in EMOJI:  # at least as often as the claims and notes hold it
        typed = sum(t.count(emoji) for t in (*CLAIMS.values(), *NOTES.values()))
        assert extracted.count(emoji) >= typed, (emoji, extracted.count(emoji), typed)
    for lang in ("en", "ru"):  # left-to-right text reads back word for word
        assert _contains(extracted.split(), words(CLAIMS[lang])), lang


def _glyph(sequence: str) -> int:
    """The one OpenMoji glyph that draws ``sequence`` (HarfBuzz, read independently)."""
    face = hb.Face(hb.Blob.from_file_path(resource_path("fonts", "OpenMoji-COLR0.ttf")))
    font = hb.Font(face)
    buf = hb.Buffer()
    buf.add_str(sequence)
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    drawn = [info.codepoint for info in buf.glyph_infos
             if face.get_glyph_color_layers(info.codepoint)]
    assert len(drawn) == 1, (sequence, drawn)
    return drawn[0]


def test_each_sequence_is_drawn_as_one_colour_glyph(pdf: Path) -> None:
    """The dossier's emoji forms are exactly the sequences' glyphs: no family drawn as
    three people, no flag as two letters, no thumb beside a colour swatch."""
    wanted = {f"/FormXob.emoji_{_glyph(emoji)}" for emoji in EMOJI}
    with pikepdf.open(pdf) as doc:
        used: set[str] = set()
        for page in doc.pages:
            for name, form in page.Resources.get("/XObject", {}).items():
                if "emoji_" in str(name):  # filled paths only: vectors, no image
                    used.add(str(name))
                    assert form.Subtype == "/Form" and b"\nf\n" in form.read_bytes()
    assert used == wanted
    for emoji in EMOJI:
        word = scripts.shape_word(emoji, 10, False)
        assert [s.char for s in word.slots] == [emoji]  # its text layer: the whole sequence


def test_emoji_are_printed_in_colour(pdf: Path, tmp_path: Path) -> None:
    """Rendered, the flag of the English claim shows its blue and its yellow."""
    page, box = _word_box(pdf, FLAG, after="posted")
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", str(page), "-l", str(page),
                    str(pdf), str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page-*.png"))).convert("RGB")
    scale = 100 / 72
    crop = image.crop(tuple(round(v * scale) for v in box))
    hues = []
    pixels = crop.tobytes()
    for i in range(0, len(pixels), 3):
        h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in pixels[i:i + 3]))
        if s > 0.5 and v > 0.4:
            hues.append(h * 360)
    assert sum(1 for h in hues if 200 <= h <= 240) >= 10  # blue
    assert sum(1 for h in hues if 35 <= h <= 60) >= 10  # yellow


def _word_box(pdf: Path, wanted: str, *, after: str) -> tuple[int, tuple[float, ...]]:
    """The page and box (x0, y0, x1, y1 in points from the top left) of the first word
    ``wanted`` that comes after a word ``after`` on its page."""
    html = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"],
                          check=True, capture_output=True).stdout.decode(errors="replace")
    for number, page in enumerate(html.split("<page ")[1:], 1):
        found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                           r'yMax="([\d.]+)">([^<]*)</word>', page)
        seen = False
        for *box, word in found:
            seen = seen or word == after
            if seen and word == wanted:
                return number, tuple(float(v) for v in box)
    raise AssertionError(f"{wanted} not found after {after}")


def test_a_character_no_font_has_is_still_printed_as_its_code_point(text: str) -> None:
    assert "[U+20000][U+E000]" in words(text)
    assert "\U00020000" not in text and "\ue000" not in text


def test_text_presentation_symbols_keep_their_fonts() -> None:
    """© ★ ☢ ❤ 🛡 without U+FE0F print from DejaVu Sans or Noto Sans Symbols 2 as before;
    U+FE0F asks for the emoji, U+FE0E for the text form."""
    for symbol in ("\u00a9", "\u2605", "\u2622", "\u2764", "\U0001f6e1", "\U0001f4a3\ufe0e"):
        assert scripts.emoji_spans(symbol) == (), symbol
    assert scripts.font_for("\u2764", False) == "DejaVuSans"
    assert scripts.emoji_spans("\u2622\ufe0f") == ((0, 2),)
    # a digit with U+FE0F but no keycap has no colour glyph: it stays a digit
    assert scripts.emoji_spans("1\ufe0f #\ufe0f") == ()
    line = f"a{FAMILY}b {FLAG}{THUMB}"
    assert scripts.emoji_spans(line) == ((1, 6), (8, 10), (10, 12))
    assert scripts.printable(line) == line


def test_openmoji_is_embedded_and_credited(pdf: Path, text: str) -> None:
    rows = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                          text=True).stdout.splitlines()[2:]
    emoji_fonts = [row for row in rows if "OpenMoji" in row.split()[0]]
    assert emoji_fonts
    for row in rows:
        assert row.split()[-5] == "yes", row  # every font embedded
    flat = " ".join(text.split())
    assert ("All emojis designed by OpenMoji – the open-source emoji and icon project. "
            "License: CC BY-SA 4.0") in flat


def test_the_dossier_with_emoji_is_still_pdfa(pdf: Path) -> None:
    """The PDF/A-3b structural and metadata checks of ``test_dossier_pdfa``, on this file
    (the emoji forms' transparency included)."""
    pdfa.test_structure_passes_qpdf_and_nothing_is_forbidden(pdf)
    pdfa.test_every_font_is_embedded(pdf)
    pdfa.test_xmp_identifies_pdfa_3b_and_matches_the_document_info(pdf)
    pdfa.test_the_attachment_is_an_associated_file(pdf)
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang) == "en"
        (intent,) = doc.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1
    pypdf.PdfReader(pdf, strict=True)  # reads without error


def test_a_long_run_of_emoji_is_cut_between_sequences_not_inside_one() -> None:
    from desktop.core.export.bidi_paragraph import BidiParagraph
    from desktop.core.export.styles import styles

    para = BidiParagraph(FAMILY * 30, styles().body)
    para.wrap(120, 1000)
    lines = ["".join(w.text for w in line) for line in para.lines]
    assert len(lines) > 1 and "".join(lines) == FAMILY * 30
    assert all(line == FAMILY * (len(line) // len(FAMILY)) for line in lines)
    assert unicodedata.name(lines[0][0]) == "MAN"


def test_text_cut_short_keeps_an_emoji_whole() -> None:
    from desktop.core.export.text import short

    assert short(f"ab{FAMILY}cd", 5) == "ab…"  # not the man and a joiner
    assert short(f"ab{FAMILY}cd", 8) == f"ab{FAMILY}…"
