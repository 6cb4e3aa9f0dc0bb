"""Citations printed beside what they cite: each location and each annotation's linked
claim says where in a source it was read ("found in S1, p. 1, l. 7: “…”"), read back from
the PDF."""

from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import select

from db.models import Annotation, Claim, Link, Source
from desktop.core.export.dossier import build_dossier
from desktop.core.ops.citations import citation_of
from desktop.core.ops.links import Ref, create_link
from desktop.core.ops.locations import create_location
from desktop.core.ops.sources import create_source
from desktop.core.queries.dossier import DossierData, DossierOptions, dossier_data
from desktop.core.scan import scan_text
from desktop.core.source_text import source_file_text
from tests.source_files import two_column_pdf
from tests.unit.exportcase import make_export_case


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[DossierData, str]:
    root = tmp_path_factory.mktemp("beside")
    case = make_export_case(root)
    try:
        source_id, _ = create_source(case, title="Ministry statement",
                                     file=two_column_pdf(root / "statement.pdf"))
        with case.read_session() as session:
            source = session.get(Source, source_id)
            sha, label = source.file_sha256, source.label
            annotation = session.scalars(select(Annotation).where(
                Annotation.kind == "index_code").order_by(Annotation.id)).first()
            linked = set(session.scalars(select(Link.to_claim_id).where(
                Link.from_annotation_id == annotation.id)))
            claim_id = next(c for c in session.scalars(select(Claim.id).order_by(Claim.id))
                            if c not in linked)
            ann_id, photo_id = annotation.id, annotation.photo_id
            if session.scalar(select(Link.id).where(Link.from_photo_id == photo_id,
                                                    Link.to_claim_id == claim_id)):
                raise AssertionError("the fixture case already links that photo")
        text = source_file_text(case.originals.path_for(sha, "pdf"), sha, "pdf",
                                case.derived_dir)
        found = scan_text(text.text)
        create_location(case, coordinates=found.coordinates[0].reading, name="From the PDF",
                        citation=citation_of(found.coordinates[0], source_id=source_id,
                                             file_sha256=sha))
        create_link(case, from_ref=Ref("annotation", ann_id), to_ref=Ref("claim", claim_id),
                    stance="supports",
                    citation=citation_of(found.markings[0], source_id=source_id,
                                         file_sha256=sha))
        create_link(case, from_ref=Ref("photo", photo_id), to_ref=Ref("claim", claim_id),
                    stance="context",
                    citation=citation_of(found.markings[0], source_id=source_id,
                                         file_sha256=sha))
        data = dossier_data(case, DossierOptions())
    finally:
        case.close()
    assert label
    pdf = build_dossier(data, root / "d.pdf")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return data, " ".join(out.split())


def _section(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def test_a_location_says_where_it_was_read(built: tuple[DossierData, str]) -> None:
    data, text = built
    (src,) = [s for s in data.sources if s.citations]
    location = next(loc for loc in data.locations if loc.name == "From the PDF")
    detail = _section(text, f"{location.label} — From the PDF Coordinates", "Sources")
    assert f"Cited found in {src.label}, p. 1, l. 7: “" in detail
    assert "northern district at" in detail


def test_an_annotation_says_where_its_claim_link_was_read(built: tuple[DossierData, str]
                                                          ) -> None:
    data, text = built
    (src,) = [s for s in data.sources if s.citations]
    ann = next(a for p in data.photos for a in p.annotations
               if any(c.cites.startswith(f"{a.label} → ") for c in src.citations))
    cite = next(c for c in src.citations if c.cites.startswith(f"{ann.label} → "))
    claim = cite.cites.split(" → ")[1]
    block = _section(text, f"Annotation {ann.label} —", "Annotation ")
    assert f"Cited {claim}: found in {src.label}, {cite.place}: “" in block
    assert cite.found_text in block


def test_a_photo_says_where_its_claim_link_was_read(built: tuple[DossierData, str]) -> None:
    data, text = built
    (src,) = [s for s in data.sources if s.citations]
    photo = next(p for p in data.photos
                 if any(c.cites.startswith(f"{p.label} → ") for c in src.citations))
    cite = next(c for c in src.citations if c.cites.startswith(f"{photo.label} → "))
    claim = cite.cites.split(" → ")[1]
    details = text.split(f"Photo {photo.label} —")[2].split("Annotation ")[0]
    assert f"Cited {claim}: found in {src.label}, {cite.place}: “" in details


def test_the_quotation_beside_is_short(built: tuple[DossierData, str]) -> None:
    from desktop.core.export.sections.sources import QUOTE_BESIDE, found_in
    from desktop.core.export.translations import translator

    data, _ = built
    (src,) = [s for s in data.sources if s.citations]
    for c in src.citations:
        line = found_in(src.label, c, translator("fr"))
        assert line.startswith(f"relevé dans {src.label}, ")
        assert len(line.split("« ", 1)[1]) <= QUOTE_BESIDE + 2
