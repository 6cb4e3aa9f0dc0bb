"""The dossier is laid out in passes that only measure and drawn once, with every page
number in its contents right."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
from pathlib import Path

import pypdf
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Flowable, PageBreak, PageTemplate, Paragraph
from reportlab.platypus.tableofcontents import TableOfContents

from db.models import Photo
from desktop.core.casefile import CaseFile
from desktop.core.export.blocks import Heading
from desktop.core.export.dossier import build_dossier
from desktop.core.export.passes import MeasuringFrame, build_in_passes, expected_entries
from desktop.core.queries.dossier import DossierOptions, dossier_data

ENTRY = re.compile(r"^(Photo P\d+ — \S+)[ .]*?(\d+)$")


def _photo_case(root: Path, count: int) -> CaseFile:
    """A case of ``count`` small photos: enough headings for contents of two pages."""
    case = CaseFile.create(root / "Many", title="Many", investigator="Ana Lyst")
    with case.write_session() as session:
        for i in range(count):
            path = root / f"photo-{i:03d}.jpg"
            image = Image.new("RGB", (320, 240), (120, 124, 118))
            ImageDraw.Draw(image).text((40, 80), f"{i:03d}", fill=(20, 20, 20), font_size=60)
            image.save(path, "JPEG")
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            case.originals.put_file(path, sha, "jpg")
            session.add(Photo(sha256=sha, file_name=path.name, ext="jpg", format="JPEG",
                              byte_size=path.stat().st_size, width=320, height=240))
        case.audit(session, "test.setup", "case")
    return case


def test_contents_over_two_pages_give_each_photo_its_page(tmp_path: Path) -> None:
    case = _photo_case(tmp_path, 70)
    try:
        pdf = build_dossier(dossier_data(case, DossierOptions()), tmp_path / "d.pdf")
    finally:
        case.close()
    reader = pypdf.PdfReader(pdf)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout.split("\f")[:len(reader.pages)]
    printed: dict[str, int] = {}
    contents_pages = set()
    for number, text in enumerate(pages, 1):
        for line in text.splitlines():
            found = ENTRY.match(line.strip())
            if found:
                printed[found[1]] = int(found[2])
                contents_pages.add(number)
    assert len(printed) == 70 and len(contents_pages) >= 2  # the contents run over pages
    for title, page in printed.items():
        assert page > max(contents_pages)
        assert title in pages[page - 1], f"{title} is not on page {page}"
    # and each bookmark agrees
    outline = {item.title: reader.get_destination_page_number(item) + 1
               for item in _flat_outline(reader.outline)}
    assert {t: outline[t] for t in printed} == printed
    total = len(reader.pages)
    assert f"Page {total} of {total}" in pages[-1]


def _flat_outline(items: list) -> list:
    out = []
    for item in items:
        out += _flat_outline(item) if isinstance(item, list) else [item]
    return out


class _Counted(Flowable):
    """A box that counts how often it is drawn."""

    draws = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 100, 200

    def draw(self) -> None:
        type(self).draws += 1
        self.canv.rect(0, 0, 100, 200)


class _Doc(BaseDocTemplate):
    def __init__(self, out: io.BytesIO) -> None:
        super().__init__(out, pagesize=A4)
        self.addPageTemplates([PageTemplate(id="page", frames=[MeasuringFrame(
            self.leftMargin, self.bottomMargin, self.width, self.height)])])

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            self.notify("TOCEntry", (flowable.toc_level, flowable.toc_markup, self.page,
                                     flowable.bookmark_key))
            self.canv.bookmarkPage(flowable.bookmark_key)


def _story(sections: int) -> tuple[list[Flowable], TableOfContents]:
    style = ParagraphStyle("h", fontSize=14, leading=18)
    toc = TableOfContents()
    story: list[Flowable] = [Paragraph("Contents", style), toc, PageBreak()]
    for i in range(sections):
        story += [Heading(f"Section {i}", style, level=0, key=f"s{i}"), _Counted(),
                  _Counted(), _Counted()]
    return story, toc


def _pages_of(out: io.BytesIO, tmp_path: Path) -> list[list[str]]:
    """The text lines of each page, as ``pdftotext -layout`` reads them."""
    pdf = tmp_path / "d.pdf"
    pdf.write_bytes(out.getvalue())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [[line.strip() for line in page.splitlines() if line.strip()]
            for page in text.split("\f")]


def _check_contents(out: io.BytesIO, tmp_path: Path) -> None:
    """Every section is on the page its contents entry prints; the contents take two
    pages."""
    pages = _pages_of(out, tmp_path)
    printed: dict[str, int] = {}
    for number, lines in enumerate(pages[:3], 1):
        for line in lines:
            found = re.fullmatch(r"(Section \d+)\s+(\d+)", line)
            if found:
                printed[found[1]] = int(found[2])
                assert number <= 2, line
    assert len(printed) == 60 and printed["Section 59"] > printed["Section 0"] >= 3
    for title, page in printed.items():
        assert title in pages[page - 1], f"{title} is not on page {page}"


def test_the_contents_known_in_advance_take_one_measuring_pass(tmp_path: Path) -> None:
    story, _ = _story(60)  # contents of two pages
    assert expected_entries(story, lambda f: isinstance(f, Heading)) == [
        (0, f"Section {i}", 0, f"s{i}") for i in range(60)]
    _Counted.draws = 0
    out = io.BytesIO()
    passes = build_in_passes(_Doc(out), story, is_heading=lambda f: isinstance(f, Heading))
    assert passes == 2  # one that measures, one that draws
    assert _Counted.draws == 180  # every box drawn once, in the last pass only
    _check_contents(out, tmp_path)


def test_contents_not_known_in_advance_still_come_out_right(tmp_path: Path) -> None:
    story, _ = _story(60)
    _Counted.draws = 0
    out = io.BytesIO()
    passes = build_in_passes(_Doc(out), story, is_heading=lambda f: False)  # no guess
    # empty contents, then the first pass's entries, which push every section on by a
    # page: the second pass's layout is final and the third draws it
    assert passes == 3
    assert _Counted.draws == 180
    _check_contents(out, tmp_path)
