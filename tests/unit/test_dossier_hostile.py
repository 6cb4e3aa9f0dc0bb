"""Hostile and extreme text in the dossier: markup printed literally, huge texts flow."""

from __future__ import annotations

import hashlib
import re
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from db.models import (
    Actor,
    Annotation,
    AnnotationKind,
    Claim,
    Location,
    LocationKind,
    Photo,
    ShapeType,
    Source,
)
from desktop.core.casefile import CaseFile
from desktop.core.export.dossier import build_dossier
from desktop.core.export.text import outline_text
from desktop.core.queries.dossier import DossierOptions, dossier_data


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[CaseFile, dict[str, str]]:
    bait = tmp_path / "bait.png"
    Image.new("RGB", (50, 50), (255, 0, 0)).save(bait)
    texts = {
        "markup": f'<b>bold?</b> & <img src="{bait}"/> <font size=40>big</font> &amp; </para>',
        "huge": " ".join(f"Paragraph{i} " + "lorem ipsum dolor sit amet " * 40
                         for i in range(180)),  # about 200 kB
        "word": "W" * 5000,
        "rtl": "مرحبا بالعالم שלום עולם",
    }
    case = CaseFile.create(tmp_path / "Hostile", title=f'Case <i>"{texts["markup"]}"',
                           investigator="<script>x</script> & co")
    photo_file = tmp_path / "p.jpg"
    Image.new("RGB", (800, 600), (90, 90, 90)).save(photo_file, "JPEG")
    sha = hashlib.sha256(photo_file.read_bytes()).hexdigest()
    case.originals.put_file(photo_file, sha, "jpg")
    with case.write_session() as session:
        photo = Photo(sha256=sha, file_name=f'{texts["markup"]}.jpg', ext="jpg", format="JPEG",
                      byte_size=photo_file.stat().st_size, width=800, height=600,
                      notes=texts["huge"])
        session.add(photo)
        session.flush()
        session.add(Annotation(photo_id=photo.id, number=1, shape_type=ShapeType.RECT,
                               geometry={"x": 10, "y": 10, "w": 100, "h": 50},
                               kind=AnnotationKind.OTHER, transcription=texts["word"],
                               notes=texts["markup"]))
        actor = Actor(name=texts["markup"])
        source = Source(title=texts["markup"], url=f'javascript:alert(1)&{texts["word"]}',
                        published_on=date(2021, 1, 1))
        session.add_all([actor, source])
        session.flush()
        session.add_all([
            Claim(statement=texts["huge"], actor_id=actor.id, source_id=source.id),
            Claim(statement=texts["markup"] + " " + texts["rtl"], note=texts["word"]),
            Location(name=texts["markup"], lat=39.76, lon=46.74, kind=LocationKind.CLAIMED,
                     raw_text=texts["word"]),
        ])
        case.audit(session, "test.seed", "case", None, {})
        case.audit(session, "test.setup", "case")
    yield case, texts
    case.close()


def test_hostile_text_is_printed_literally_and_reads_no_file(
    hostile: tuple[CaseFile, dict[str, str]], tmp_path: Path
) -> None:
    case, texts = hostile
    pdf = build_dossier(dossier_data(case, DossierOptions()), tmp_path / "h.pdf")
    text = pdftotext(pdf)
    data = dossier_data(case, DossierOptions())
    footer = outline_text(f"{data.case.title} · {data.case.uid}", 90)
    body = [line for line in text.replace("\f", "\n").splitlines()
            if line not in ("Evidence dossier", footer)
            and not re.fullmatch(r"Page \d+ of \d+", line)]
    flat = squash("\n".join(body))  # running headers and footers removed
    assert squash(texts["markup"]) in flat  # tags, entities and all, as typed
    # right-to-left text is shaped (presentation forms, folded by NFKC) and reads in order
    assert squash(texts["rtl"]) in squash(unicodedata.normalize("NFKC", text))
    assert texts["word"] in flat  # 5,000 characters without a space, wrapped, all there
    assert squash(texts["huge"]) in flat  # 200 kB statement flows over many pages
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) > 20
    # the only images are the photo (on its page and beside the crop) and one crop: the
    # bait file was never embedded
    sizes = [im.image.size for page in reader.pages for im in page.images]
    assert (50, 50) not in sizes and len(set(sizes)) == 2
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles  # outline titles are plain text, never markup
    nested = [o.title for group in reader.outline if isinstance(group, list) for o in group]
    assert any("<b>bold?</b>" in title for title in nested)
