"""Change summaries: what a mutation did, broadcast once so views can re-read.

Every core verb returns a ``Changes``; nothing else travels back up from the core.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Ref(NamedTuple):
    """A reference to one object: its kind (table name, e.g. ``"annotation"``) and id."""

    kind: str
    id: int


@dataclass(frozen=True)
class Changes:
    """Objects created, updated and deleted by one operation."""

    created: frozenset[Ref] = frozenset()
    updated: frozenset[Ref] = frozenset()
    deleted: frozenset[Ref] = frozenset()

    @classmethod
    def of(
        cls,
        *,
        created: tuple[Ref, ...] | list[Ref] = (),
        updated: tuple[Ref, ...] | list[Ref] = (),
        deleted: tuple[Ref, ...] | list[Ref] = (),
    ) -> Changes:
        """Build from sequences of refs."""
        return cls(frozenset(created), frozenset(updated), frozenset(deleted))

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.created | other.created,
            self.updated | other.updated,
            self.deleted | other.deleted,
        )

    @property
    def refs(self) -> frozenset[Ref]:
        """Every object touched."""
        return self.created | self.updated | self.deleted

    def kinds(self) -> frozenset[str]:
        """The kinds of objects touched (a view checks these to decide whether to refresh)."""
        return frozenset(ref.kind for ref in self.refs)

    def touches(self, *kinds: str) -> bool:
        """True if any object of the given kinds was touched."""
        return any(ref.kind in kinds for ref in self.refs)

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


NO_CHANGES = Changes()
