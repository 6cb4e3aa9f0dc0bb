"""All models, imported here so that ``Base.metadata`` is complete."""

from db.models.annotation import Annotation
from db.models.audit import AuditEvent
from db.models.basemap import CaseBasemap
from db.models.case import CaseInfo
from db.models.catalog import CatalogEntry
from db.models.checks import CheckFinding, PhotoFingerprint, ReferenceCollection, ReferenceImage
from db.models.citation import Citation
from db.models.claim import Claim
from db.models.enums import (
    Acquisition,
    ActorKind,
    AnnotationKind,
    ClaimStatus,
    Confidence,
    LocationKind,
    Relation,
    ShapeType,
    Stance,
)
from db.models.label import LabelCounter
from db.models.link import Link
from db.models.location import Location
from db.models.photo import Photo
from db.models.photo_tag import PhotoTag
from db.models.source import Actor, Source
from db.models.video import Video, VideoFrame

__all__ = [
    "Acquisition", "Actor", "ActorKind", "Annotation", "AnnotationKind", "AuditEvent",
    "CaseBasemap", "CaseInfo", "CatalogEntry", "CheckFinding", "Citation", "Claim",
    "ClaimStatus", "Confidence", "LabelCounter", "Link", "Location", "LocationKind", "Photo",
    "PhotoFingerprint", "PhotoTag", "ReferenceCollection", "ReferenceImage", "Relation",
    "ShapeType", "Source", "Stance", "Video", "VideoFrame",
]
