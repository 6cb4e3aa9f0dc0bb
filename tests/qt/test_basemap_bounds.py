"""The basemap's items know their bounds without stroking the world's coastlines.

A ``QGraphicsPathItem`` whose pen has a width computes its bounding rectangle by stroking
its whole path; for the land of the world that took 100-250 ms on the GUI thread, and a
map hidden behind another tab paid it again, now and then, when another case was opened
(``tests/benchmarks/README.md``, eighth pass). Hairline cosmetic pens (width 0) keep the
lines one device pixel wide and the bounds the path's own control points.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene

from desktop.qt.map.basemap_layer import add_basemap
from desktop.qt.map.map_data import decoded_basemap


def test_the_basemap_items_are_bounded_by_their_paths_not_by_a_stroke(qtbot) -> None:  # type: ignore[no-untyped-def]
    _basemap, paths = decoded_basemap()
    scene = QGraphicsScene()
    items = add_basemap(scene, paths)
    assert len(items) == 3
    for item in items:
        assert isinstance(item, QGraphicsPathItem)
        pen = item.pen()
        assert pen.isCosmetic() and pen.widthF() == 0
        assert item.boundingRect() == item.path().controlPointRect()
    land = items[0]
    assert land.path().elementCount() > 10_000  # the real coastlines, not a stand-in
    scene.clear()
