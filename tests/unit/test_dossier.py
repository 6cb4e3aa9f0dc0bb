"""The dossier of the export case, read back as a reader would: text, pages, images, outline."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
from pathlib import Path

import pikepdf
import pypdf
import pytest
from PIL import Image

from desktop.core.casefile import CaseFile
from desktop.core.export.dossier import build_dossier
from desktop.core.export.images import crop_box
from desktop.core.export.service import export_dossier
from desktop.core.geo_format import format_decimal, format_dms
from desktop.core.queries.dossier import DossierData, DossierOptions, dossier_data
from tests.unit.exportcase import (
    ANN1,
    COORDS,
    REDACTION,
    STATEMENTS,
    TRANSCRIPTIONS,
    make_export_case,
)


def squash(text: str) -> str:
    """Text without any whitespace, so words wrapped across lines still compare."""
    return re.sub(r"\s+", "", text)


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> CaseFile:
    case = make_export_case(tmp_path_factory.mktemp("dossier"))
    yield case
    case.close()


@pytest.fixture(scope="module")
def data(case: CaseFile) -> DossierData:
    return dossier_data(case, DossierOptions())


@pytest.fixture(scope="module")
def pdf(data: DossierData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_dossier(data, tmp_path_factory.mktemp("out") / "dossier.pdf")


def test_every_fact_is_in_the_text(pdf: Path, data: DossierData) -> None:
    by_pypdf = "".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    for extracted in (pdftotext(pdf), by_pypdf):
        flat = squash(extracted)
        for statement in STATEMENTS.values():  # Azerbaijani, Armenian, Russian, French
            assert squash(statement) in flat
        for text in TRANSCRIPTIONS:
            assert squash(text) in flat
        for photo in data.photos:
            assert photo.sha256 in flat
        for lat, lon in COORDS:
            assert squash(format_decimal(lat, lon)) in flat
            assert squash(format_dms(lat, lon)) in flat
        assert data.audit.head_hash in flat
        assert "Iskander-M" in extracted  # the catalog match of 9М723
        assert "Şuşa" in extracted and "Շուշի" in extracted and "Шуша" in extracted


def test_structure_metadata_outline_and_page_numbers(pdf: Path, data: DossierData) -> None:
    reader = pypdf.PdfReader(pdf)
    assert reader.metadata.title == data.case.title
    assert data.case.uid in reader.metadata["/Keywords"]
    titles = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    for expected in ("Summary of findings", "Photos", "Locations", "Sources",
                     "Integrity appendix", "Photo P1 — tail-section.jpg"):
        assert expected in titles
    pages = len(reader.pages)
    text = pdftotext(pdf)
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "Contents" in text and "Claims and evidence" in text


def test_no_page_is_blank(pdf: Path, tmp_path: Path) -> None:
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == len(pypdf.PdfReader(pdf).pages)
    for page in pages:
        image = Image.open(page).convert("L")
        w, h = image.size
        body = image.crop((0, int(h * 0.08), w, int(h * 0.92)))  # without header and footer
        inked = sum(body.histogram()[:200])
        assert inked > 200, f"{page.name} looks blank"


def _embedded_images(pdf: Path) -> list[Image.Image]:
    return [im.image for page in pypdf.PdfReader(pdf).pages for im in page.images]


def test_redaction_is_solid_in_the_photo_and_in_the_crop(pdf: Path, data: DossierData) -> None:
    photo = next(p for p in data.photos if p.file_name == "tail-section.jpg")
    images = _embedded_images(pdf)
    x, y, w, h = (REDACTION[k] for k in ("x", "y", "w", "h"))
    page = next(im for im in images if im.size == (1600, 1200)).convert("L")
    region = page.crop((x + 4, y + 4, x + w - 4, y + h - 4))
    assert region.getextrema()[1] < 40
    # the crop of annotation 1 overlaps the redaction: that part must be black too
    left, top, right, bottom = crop_box(
        ((ANN1["x"], ANN1["y"]), (ANN1["x"] + ANN1["w"], ANN1["y"] + ANN1["h"])),
        photo.width, photo.height)
    size = (round(right - left), round(bottom - top))
    crop = next(im for im in images if im.size == size).convert("L")
    overlap = crop.crop((round(x - left) + 4, round(y - top) + 4,
                         round(min(x + w, right) - left) - 4, round(min(y + h, bottom) - top) - 4))
    assert overlap.getextrema()[1] < 40
    # and the original is untouched
    assert hashlib.sha256(photo.original_path.read_bytes()).hexdigest() == photo.sha256


def test_redaction_is_solid_on_the_rendered_page(pdf: Path, tmp_path: Path) -> None:
    reader = pypdf.PdfReader(pdf)
    index, name = next((i, im.name) for i, p in enumerate(reader.pages) for im in p.images
                       if im.image.size == (1600, 1200))
    page = reader.pages[index]
    placed: dict[str, list[float]] = {}

    def visit(op: bytes, args: list, cm: list[float], tm: list[float]) -> None:
        if op == b"Do":
            placed[str(args[0]).lstrip("/")] = list(cm)

    page.extract_text(visitor_operand_before=visit)
    a, _, _, d, e, f = placed[Path(name).stem]  # where the photo is drawn, in points
    dpi = 100
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(index + 1), "-l",
                    str(index + 1), str(pdf), str(tmp_path / "r")], check=True)
    render = Image.open(next(tmp_path.glob("r-*.png"))).convert("L")
    page_h = float(page.mediabox.height)
    px = dpi / 72
    x, y, w, h = (REDACTION[k] for k in ("x", "y", "w", "h"))
    left = (e + x / 1600 * a) * px
    top = (page_h - f - d + y / 1200 * d) * px
    box = render.crop((round(left) + 2, round(top) + 2,
                       round(left + w / 1600 * a * px) - 2, round(top + h / 1200 * d * px) - 2))
    mask = box.point(lambda v: 255 if v < 60 else 0)  # black, and the dark number label
    assert mask.histogram()[255] / (box.width * box.height) > 0.97  # solid, not an outline


def test_orientation_is_applied(pdf: Path) -> None:
    # motor-rotated.jpg is stored 1600x1200 with EXIF orientation 6: printed upright 1200x1600
    assert any(im.size == (1200, 1600) for im in _embedded_images(pdf))


def test_images_are_downscaled_jpegs_stored_once(pdf: Path) -> None:
    reader = pypdf.PdfReader(pdf)
    names = [im.name for page in reader.pages for im in page.images]
    assert all(name.lower().endswith(".jpg") for name in names)
    # A photo is drawn on its page and again, small, beside each crop: one stored image.
    with pikepdf.open(pdf) as doc:
        streams = [o for o in doc.objects if isinstance(o, pikepdf.Stream)
                   and o.get("/Subtype") == pikepdf.Name.Image]
        assert all(list(o.Filter) == [pikepdf.Name.DCTDecode] for o in streams)
        digests = [hashlib.sha256(o.read_raw_bytes()).hexdigest() for o in streams]
    assert len(digests) == len(set(digests)) == len(set(names))
    assert pdf.stat().st_size < 3_000_000


def test_french_letter_invariant_is_reproducible(case: CaseFile, tmp_path: Path) -> None:
    options = DossierOptions(language="fr", page_size="Letter", invariant=True, audit="head")
    data = dossier_data(case, options)
    first = build_dossier(data, tmp_path / "a.pdf").read_bytes()
    second = build_dossier(data, tmp_path / "b.pdf").read_bytes()
    assert first == second
    reader = pypdf.PdfReader(io.BytesIO(first))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    text = pdftotext(tmp_path / "a.pdf")
    assert "Synthèse des constats" in text and "Annexe d'intégrité" in text


def test_selection_of_photos_and_claims(case: CaseFile, data: DossierData,
                                        tmp_path: Path) -> None:
    photo = data.photos[0]
    claim = data.claims[0]
    chosen = dossier_data(case, DossierOptions(photo_ids=(photo.id,), claim_ids=(claim.id,)))
    assert [p.id for p in chosen.photos] == [photo.id]
    assert [c.id for c in chosen.claims] == [claim.id]
    text = squash(pdftotext(build_dossier(chosen, tmp_path / "sel.pdf")))
    assert squash(claim.statement) in text
    assert squash(data.claims[1].statement) not in text
    assert "1of2photos" in text


def test_export_records_the_hash_in_the_audit_log(case: CaseFile, tmp_path: Path) -> None:
    result = export_dossier(case, tmp_path / "recorded.pdf")
    assert result.recorded
    assert result.sha256 == hashlib.sha256(result.path.read_bytes()).hexdigest()
    from sqlalchemy import select

    from db.models import AuditEvent

    with case.read_session() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert last.action == "export.dossier"
    assert last.details["after"]["sha256"] == result.sha256


def test_progress_is_reported(data: DossierData, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    build_dossier(data, tmp_path / "p.pdf", progress=lambda *a: seen.append(a))
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1]
