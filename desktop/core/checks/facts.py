"""The inputs of the checks for one photo, as plain frozen values (no ORM objects)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("info", "notice", "warning")


@dataclass(frozen=True)
class LinkedClaim:
    """A claim the photo (or one of its annotations) is linked to."""

    label: str
    about_when: str  # EDTF
    statement: str


@dataclass(frozen=True)
class LinkedPlace:
    """A location the photo is said to show: linked to it, or to one of its claims."""

    label: str
    name: str
    lat: float
    lon: float
    precision_m: float | None
    via: str  # "" (linked to the photo) or the claim's label


@dataclass(frozen=True)
class ReferenceHit:
    """A reference image within the match radius of the photo's hash."""

    collection_uid: str
    collection: str
    path: str
    name: str
    sha256: str
    distance: int


@dataclass(frozen=True)
class PhotoFacts:
    """Everything the rules look at for one photo."""

    id: int
    label: str
    taken_at: str | None
    tags: Mapping[str, str]
    flags: tuple[str, ...]
    gps: tuple[float, float] | None
    gps_precision_m: float | None
    phash: str
    thumb_distance: int | None
    mean_luma: float | None
    credentials: Mapping[str, Any] | None
    fingerprint_problem: str
    claims: tuple[LinkedClaim, ...] = ()
    places: tuple[LinkedPlace, ...] = ()
    near_duplicates: tuple[tuple[str, int], ...] = ()  # (label, distance)
    references: tuple[ReferenceHit, ...] = ()
    frame_of: str = ""  # the label of the video this photo is a frame of, or ""


@dataclass(frozen=True)
class Finding:
    """One finding before it is stored: ``key`` names it stably within its photo."""

    key: str
    kind: str
    severity: str
    explanation: str
    details: Mapping[str, Any] = field(default_factory=dict)
