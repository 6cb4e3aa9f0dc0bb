"""A small but complete case for the export tests: the Shusha 9M723 story in four scripts.

Photos go through the real import; the rest is written as model rows in one audited
write transaction (the real database, no mocks).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PIL import Image, ImageDraw

from db.models import (
    Actor,
    ActorKind,
    Annotation,
    AnnotationKind,
    Claim,
    ClaimStatus,
    Confidence,
    Link,
    Location,
    LocationKind,
    Photo,
    Relation,
    ShapeType,
    Source,
    Stance,
)
from desktop.core.casefile import CaseFile
from desktop.core.ingest import import_paths
from desktop.core.ops.sources import store_attachment

STATEMENTS = {
    "az": "ANAMA: Şuşa şəhərində 9M723 raketinin qəlpələri aşkar edilib; İskəndər sistemidir.",
    "hy": "Փաշինյան. Իսկանդերները չեն պայթել, կամ պայթել է միայն 10 տոկոսը (Շուշի)։",
    "ru": "Минобороны России: Армения не применяла «Искандеры», все ракеты на хранении.",
    "fr": "Des fragments de deux missiles ont été trouvés à Chouchi le 15 mars 2021 « à l'œil ».",
}
TRANSCRIPTIONS = ("9М723", "?12-34", "Зав. № 0117")
# The redaction overlaps annotation 1's crop (its margin), not annotation 1 itself, and
# covers part of annotation 4, whose reading, notes and link note must never be exported.
REDACTION = {"x": 920, "y": 280, "w": 300, "h": 280}
REDACTION_NOTES = "A deminer's face."
ANN1 = {"x": 300, "y": 300, "w": 600, "h": 220}
SECRET_READING = "9М729"  # a catalog code (Novator) that nothing else in the case names
SECRET_NOTES = "Truck plate 77-KX-4471 next to the deminer."
SECRET_LINK_NOTE = "Plate 77-KX-4471 dates the photo."
SECRETS = (REDACTION_NOTES, SECRET_READING, "9M729", "Novator", "77-KX-4471")
COORDS = ((39.7605833, 46.74275), (39.7577222, 46.7571667))


def write_photo(path: Path, text: str, *, size: tuple[int, int] = (1600, 1200),
                orientation: int | None = None) -> Path:
    """A grey 'metal' photo with a stencilled marking drawn on it."""
    image = Image.new("RGB", size, (120, 124, 118))
    draw = ImageDraw.Draw(image)
    for i in range(0, size[0], 40):
        draw.line((i, 0, i + 200, size[1]), fill=(110, 112, 108), width=6)
    draw.rectangle((300, 300, 900, 520), fill=(200, 200, 190))
    draw.text((340, 360), text, fill=(20, 20, 20), font_size=90)
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(path, "JPEG", quality=88, exif=exif.tobytes())
    return path


def make_export_case(tmp_path: Path, *, title: str = "Shusha 9M723 fragments") -> CaseFile:
    """Create the case in ``tmp_path`` and return it open for writing."""
    src = tmp_path / "incoming"
    src.mkdir()
    p1 = write_photo(src / "tail-section.jpg", "9M723")
    p2 = write_photo(src / "motor-rotated.jpg", "0117", orientation=6)
    case = CaseFile.create(tmp_path / "Shusha", title=title,
                           description="Fragments found in Şuşa / Շուշի on 15 March 2021.",
                           investigator="Tester")
    import_paths(case, [p1, p2])
    article_file = src / "article.html"
    article_file.write_text("<html><p>Des débris de missiles Iskander…</p></html>",
                            encoding="utf-8")
    article = store_attachment(case, article_file)
    with case.write_session() as session:
        photos = session.query(Photo).order_by(Photo.file_name).all()
        motor, tail = photos  # "motor-rotated" sorts first
        anns = [
            Annotation(photo_id=tail.id, number=1, shape_type=ShapeType.RECT,
                       geometry=ANN1,
                       kind=AnnotationKind.INDEX_CODE, transcription=TRANSCRIPTIONS[0],
                       confidence=Confidence.CONFIRMED, notes="Stencilled, Cyrillic М."),
            Annotation(photo_id=tail.id, number=2, shape_type=ShapeType.POLYGON,
                       geometry={"points": [[1000, 600], [1400, 640], [1300, 900]]},
                       kind=AnnotationKind.LOT_NUMBER, transcription=TRANSCRIPTIONS[1],
                       confidence=Confidence.POSSIBLE),
            Annotation(photo_id=tail.id, number=3, shape_type=ShapeType.RECT,
                       geometry=REDACTION, kind=AnnotationKind.REDACTION, transcription="",
                       notes=REDACTION_NOTES),
            Annotation(photo_id=tail.id, number=4, shape_type=ShapeType.POLYGON,
                       geometry={"points": [[1000, 400], [1300, 420], [1250, 520]]},
                       kind=AnnotationKind.INDEX_CODE, transcription=SECRET_READING,
                       confidence=Confidence.CONFIRMED, notes=SECRET_NOTES),
            Annotation(photo_id=motor.id, number=1, shape_type=ShapeType.POINT,
                       geometry={"x": 600, "y": 800}, kind=AnnotationKind.SERIAL_NUMBER,
                       transcription=TRANSCRIPTIONS[2], confidence=Confidence.PROBABLE),
        ]
        tail.view_adjustments = {"contrast": 40, "grayscale": True}
        session.add_all(anns)
        actors = [Actor(name="ANAMA", kind=ActorKind.AGENCY, affiliation="Azerbaijan"),
                  Actor(name="Nikol Pashinyan", kind=ActorKind.OFFICIAL, affiliation="Armenia"),
                  Actor(name="Министерство обороны РФ", kind=ActorKind.MINISTRY,
                        affiliation="Russia"),
                  Actor(name="Le Monde & AFP", kind=ActorKind.MEDIA)]
        sources = [Source(title="Fragments de missiles à Chouchi", publisher="AFP",
                          url="https://example.org/article?id=1&lang=fr", language="fr",
                          published_on=date(2021, 3, 16), retrieved_on=date(2021, 3, 17),
                          **article),
                   Source(title="Заявление Минобороны", language="ru",
                          published_on=date(2021, 3, 17)),
                   Source(title="Փաշինյանի հարցազրույց", language="hy"),
                   Source(title="ANAMA bəyanatı", language="az")]
        session.add_all(actors + sources)
        session.flush()
        claims = [
            Claim(statement=STATEMENTS["az"], actor_id=actors[0].id, source_id=sources[3].id,
                  claimed_on=date(2021, 3, 15), about_when="2020-23",
                  status=ClaimStatus.DISPUTED),
            Claim(statement=STATEMENTS["hy"], actor_id=actors[1].id, source_id=sources[2].id,
                  claimed_on=date(2021, 2, 23), status=ClaimStatus.UNVERIFIED),
            Claim(statement=STATEMENTS["ru"], actor_id=actors[2].id, source_id=sources[1].id,
                  claimed_on=date(2021, 3, 17), status=ClaimStatus.UNVERIFIED),
            Claim(statement=STATEMENTS["fr"], actor_id=actors[3].id, source_id=sources[0].id,
                  claimed_on=date(2021, 3, 16), status=ClaimStatus.CORROBORATED),
        ]
        locations = [
            Location(name="Shusha debris 1", aliases=["Şuşa", "Շուշի", "Шуша"],
                     lat=COORDS[0][0], lon=COORDS[0][1], kind=LocationKind.CLAIMED,
                     precision_m=10, raw_text="39 ° 45’38.10 « N 46 ° 44’33.90 » E",
                     notation="dms"),
            Location(name="Shusha debris 2", lat=COORDS[1][0], lon=COORDS[1][1],
                     kind=LocationKind.CLAIMED, precision_m=100,
                     raw_text="39°45'27.80\"N 46°45'25.80\"E", notation="dms"),
        ]
        session.add_all(claims + locations)
        session.flush()
        session.add_all([
            Link(from_annotation_id=anns[0].id, to_claim_id=claims[0].id,
                 stance=Stance.SUPPORTS, note="Index code of the Iskander-M missile."),
            Link(from_annotation_id=anns[0].id, to_claim_id=claims[2].id,
                 stance=Stance.CONTRADICTS),
            Link(from_annotation_id=anns[0].id, to_claim_id=claims[1].id,
                 stance=Stance.CONTEXT),
            Link(from_photo_id=motor.id, to_claim_id=claims[3].id, stance=Stance.SUPPORTS),
            Link(from_annotation_id=anns[3].id, to_claim_id=claims[3].id,
                 stance=Stance.CONTEXT, note=SECRET_LINK_NOTE),
            Link(from_claim_id=claims[2].id, to_claim_id=claims[0].id,
                 stance=Stance.CONTRADICTS),
            Link(from_photo_id=tail.id, to_location_id=locations[0].id,
                 relation=Relation.FOUND_AT),
            Link(from_claim_id=claims[0].id, to_location_id=locations[1].id,
                 relation=Relation.ABOUT),
        ])
        session.flush()
        case.audit(session, "test.seed", "case", None, {"after": {"rows": "seeded"}})
        case.audit(session, "test.setup", "case")
    return case
