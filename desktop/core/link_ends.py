"""Which column holds each end of a link, and a link's two ends as ``Ref``s.

Shared by the write side (``ops.links``), the read side (``queries``) and the interchange
format, so that none of them imports another for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from desktop.core.changes import Ref

if TYPE_CHECKING:
    from db.models import Link

FROM_COLUMNS = {"annotation": "from_annotation_id", "photo": "from_photo_id",
                "claim": "from_claim_id"}
TO_COLUMNS = {"claim": "to_claim_id", "location": "to_location_id"}


def link_ends(link: Link | Mapping[str, Any]) -> tuple[Ref, Ref]:
    """The (from, to) ends of a link or of a link row."""
    get = link.get if isinstance(link, Mapping) else lambda key: getattr(link, key)
    start = next(Ref(k, v) for k, v in ((k, get(c)) for k, c in FROM_COLUMNS.items())
                 if v is not None)
    end = next(Ref(k, v) for k, v in ((k, get(c)) for k, c in TO_COLUMNS.items())
               if v is not None)
    return start, end
