"""A BK-tree over 64-bit perceptual hashes under Hamming distance.

Why our own: the lookup is a few dozen lines, the index is rebuilt in memory from the
hashes stored in the case (``reference_image``), and the packages that offer one either
wrap a C library without wheels for every platform or carry a whole vector-search
framework. A BK-tree answers "everything within r bits" by visiting only the subtrees
whose edge distance lies in [d - r, d + r] (triangle inequality); for r around 10 of 64
bits it visits a small fraction of tens of thousands of hashes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class _Node(Generic[T]):
    __slots__ = ("children", "items", "value")

    def __init__(self, value: int, item: T) -> None:
        self.value = value
        self.items: list[T] = [item]  # every item with exactly this hash
        self.children: dict[int, _Node[T]] = {}


class BKTree(Generic[T]):
    """Hashes (ints) with an item each; ``search(h, r)`` finds items within ``r`` bits."""

    def __init__(self, entries: Iterable[tuple[int, T]] = ()) -> None:
        self._root: _Node[T] | None = None
        self._size = 0
        for value, item in entries:
            self.add(value, item)

    def __len__(self) -> int:
        return self._size

    def add(self, value: int, item: T) -> None:
        """Insert one hash with its item."""
        self._size += 1
        if self._root is None:
            self._root = _Node(value, item)
            return
        node = self._root
        while True:
            distance = (node.value ^ value).bit_count()
            if distance == 0:
                node.items.append(item)
                return
            child = node.children.get(distance)
            if child is None:
                node.children[distance] = _Node(value, item)
                return
            node = child

    def search(self, value: int, radius: int) -> Iterator[tuple[int, T]]:
        """(distance, item) for every item whose hash is within ``radius`` bits."""
        if self._root is None:
            return
        stack = [self._root]
        while stack:
            node = stack.pop()
            distance = (node.value ^ value).bit_count()
            if distance <= radius:
                for item in node.items:
                    yield distance, item
            low, high = distance - radius, distance + radius
            for edge, child in node.children.items():
                if low <= edge <= high:
                    stack.append(child)
