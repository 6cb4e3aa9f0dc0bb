"""The reads the window makes when a photo is selected, run once ahead in a worker.

SQLAlchemy compiles a statement the first time an engine runs it (a few milliseconds for
an ORM select) and caches it per engine. A case just opened has a new engine, so the first
photo the window showed paid for compiling every statement of the Inspector, the metadata
panel and the canvas on the GUI thread (50-80 ms for a case of 10,000 photos, against
15-30 ms for the next photo). The photo browser's worker runs the same reads once, for
the photo it is about to show, before handing its rows over: the GUI thread then finds
them compiled. Nothing read here is kept.
"""

from __future__ import annotations

from desktop.core.casefile import CaseFile
from desktop.core.queries.checks import photo_checks
from desktop.core.queries.evidence import NEAR_RADIUS_M, photos_near
from desktop.core.queries.investigation import list_annotations
from desktop.core.queries.panel_reads import photo_provenance
from desktop.core.queries.photos import get_photo
from desktop.core.queries.tags import case_tags
from desktop.core.queries.videos import frame_of_photo


def warm_selection_reads(case: CaseFile, photo_id: int) -> None:
    """Run, and forget, what selecting ``photo_id`` reads (see module docstring)."""
    photo = case.read(get_photo, photo_id)
    if photo is None:
        return
    case.read(list_annotations, photo_id)
    case.read(photo_provenance, photo_id)
    case.read(photo_checks, photo_id)
    case.read(frame_of_photo, photo_id)
    case.read(case_tags)
    # The statement is the same for every point: any position compiles it.
    case.read(photos_near, photo.gps_lat or 0.0, photo.gps_lon or 0.0, NEAR_RADIUS_M,
              exclude_photo_id=photo_id)
