"""Closed vocabularies of the domain (values are the interchange-format strings)."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum


class ShapeType(StrEnum):
    RECT = "rect"
    POLYGON = "polygon"
    POINT = "point"
    LINE = "line"  # {"points": [[x, y], [x, y]]}: a measured length or a known-length reference
    POLYLINE = "polyline"  # {"points": [[x, y], ...]}, at least 2: a length along a path
    CIRCLE = "circle"  # {"cx", "cy", "r"}: a diameter


class AnnotationKind(StrEnum):
    INDEX_CODE = "index_code"
    SERIAL_NUMBER = "serial_number"
    LOT_NUMBER = "lot_number"
    MANUFACTURER_MARK = "manufacturer_mark"
    DATE_CODE = "date_code"
    DAMAGE = "damage"
    SCALE_REFERENCE = "scale_reference"
    REDACTION = "redaction"
    OTHER = "other"
    MEASUREMENT = "measurement"  # a length on the photo; the reading names what was measured


class Confidence(StrEnum):
    CONFIRMED = "confirmed"
    PROBABLE = "probable"
    POSSIBLE = "possible"


class ActorKind(StrEnum):
    GOVERNMENT = "government"
    MINISTRY = "ministry"
    AGENCY = "agency"
    OFFICIAL = "official"
    MILITARY = "military"
    MEDIA = "media"
    NGO = "ngo"
    OTHER = "other"


class ClaimStatus(StrEnum):
    UNVERIFIED = "unverified"
    CORROBORATED = "corroborated"
    DISPUTED = "disputed"
    REFUTED = "refuted"


class LocationKind(StrEnum):
    CAMERA = "camera"
    CLAIMED = "claimed"
    GEOLOCATED = "geolocated"


class Acquisition(StrEnum):
    """How a photo reached the case (the first question of a chain-of-custody review)."""

    UNKNOWN = "unknown"
    RECEIVED = "received"  # sent by a person (provided_by says who)
    DOWNLOADED = "downloaded"  # saved from a web page or a channel (original_url)
    TAKEN_BY_TEAM = "taken_by_team"  # photographed by the investigators themselves


class Stance(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    CONTEXT = "context"


class Relation(StrEnum):
    FOUND_AT = "found_at"
    ABOUT = "about"


def db_enum(enum_cls: type[StrEnum], name: str) -> Enum:
    """A portable enum column: VARCHAR plus a named CHECK constraint on every backend."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda cls: [member.value for member in cls],
        validate_strings=True,
    )
