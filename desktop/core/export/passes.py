"""Lay the dossier out in passes that only measure, then draw it once.

reportlab's ``multiBuild`` lays a document out and draws it again and again until its
table of contents stops changing: the first pass knows no entries, the second prints the
first's page numbers (which the contents themselves have since pushed on), the third
confirms the second. Every pass draws every page, photos included, only for all but the
last to be thrown away.

Here a pass draws only when it is known to be the last:

- the contents start with the titles the story's headings will notify, in order, with no
  page numbers yet (``TableOfContents.addEntries``; titles and levels, not page numbers,
  decide how much room the contents take);
- a pass that measures only (``MeasuringFrame``: everything a frame does but draw) ends
  with the entries the next pass will print; when they differ from the ones it printed at
  most in their page numbers (which are drawn, never wrapped), the next pass lays every
  page out exactly as this one did, so it is the last, and it draws.

The last pass still checks that the contents are satisfied, as ``multiBuild`` does, and
goes on drawing until they are if they are not: a wrong guess costs time, never a wrong
page number. A measuring pass uses a canvas of its own that is never saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from reportlab.platypus import BaseDocTemplate, Flowable, Frame
from reportlab.platypus.tableofcontents import TableOfContents

Entry = tuple[int, str, int, str | None]
"""A contents entry as reportlab keeps it: (level, markup, page, bookmark key)."""


def _skip_drawing(*args: Any, **kwargs: Any) -> None:
    """Stands in for ``drawOn`` while a pass only measures."""


class MeasuringFrame(Frame):
    """A frame that, while ``drawing`` is off, places flowables without drawing them.

    Wrapping, splitting, spacing and the frame's position all run as usual; only the
    flowable's ``drawOn`` is skipped (for that one call, on that one flowable).
    """

    drawing = True

    def add(self, flowable: Flowable, canv: Any, trySplit: int = 0) -> int:
        if self.drawing:
            return int(super().add(flowable, canv, trySplit))
        flowable.drawOn = _skip_drawing
        try:
            return int(super().add(flowable, canv, trySplit))
        finally:
            del flowable.drawOn


def _flat(story: Iterable[Flowable]) -> Iterator[Flowable]:
    """The flowables of ``story`` in order, those inside kept-together groups included."""
    for item in story:
        content = getattr(item, "_content", None)
        if isinstance(content, list):
            yield from _flat(content)
        else:
            yield item


def expected_entries(story: Iterable[Flowable],
                     is_heading: Callable[[Flowable], bool]) -> list[Entry]:
    """The contents entries the headings of ``story`` will notify, page numbers unknown
    (0): one per bookmark key, in story order."""
    seen: set[str] = set()
    out: list[Entry] = []
    for item in _flat(story):
        if not is_heading(item):
            continue
        heading: Any = item
        if heading.bookmark_key in seen:
            continue
        seen.add(heading.bookmark_key)
        if heading.in_toc:
            out.append((heading.toc_level, heading.toc_markup, 0, heading.bookmark_key))
    return out


def _same_but_pages(a: list[Entry], b: list[Entry]) -> bool:
    return [(level, text, key) for level, text, _, key in a] == \
        [(level, text, key) for level, text, _, key in b]


def _settled(indexing: list[Any]) -> bool:
    """Whether the next pass will lay out exactly as the one just made."""
    for flowable in indexing:
        if isinstance(flowable, TableOfContents):
            # an entry's page number is drawn, not wrapped (reportlab's entries draw it from
            # a zero-width callback, toc.BidiEntry in room kept for it): only titles,
            # levels and keys change the layout
            if not _same_but_pages(flowable._entries, flowable._lastEntries):
                return False
        elif not flowable.isSatisfied():
            return False
    return True


def build_in_passes(doc: BaseDocTemplate, story: list[Flowable], *,
                    is_heading: Callable[[Flowable], bool], max_passes: int = 8) -> int:
    """Lay ``story`` out in ``doc`` as ``multiBuild`` does and save it, drawing only the
    last pass (the document's frames must be ``MeasuringFrame``s for the others not to
    draw); return the number of passes. ``is_heading``: whether a flowable notifies a
    contents entry (carrying ``toc_level``, ``toc_markup``, ``bookmark_key``, ``in_toc``)."""
    frames = [f for template in doc.pageTemplates for f in template.frames
              if isinstance(f, MeasuringFrame)]
    indexing = [f for f in story if f.isIndexing()]
    doc._indexingFlowables = indexing
    expected = expected_entries(story, is_heading)
    for flowable in indexing:
        if isinstance(flowable, TableOfContents) and not flowable._entries:
            flowable.addEntries(expected)  # titles known, page numbers not yet
    doc._doSave = 0
    edits: list[tuple[Any, ...]] = []
    doc._multiBuildEdits = edits.append
    drawing = False
    try:
        for passes in range(1, max_passes + 1):
            for frame in frames:
                frame.drawing = drawing
            for flowable in indexing:
                flowable.beforeBuild()
            doc.build(story[:])
            for flowable in indexing:
                flowable.afterBuild()
            if drawing and doc._allSatisfied():
                doc.canv.save()
                return passes
            drawing = drawing or _settled(indexing)
            while edits:
                edit = edits.pop(0)
                edit[0](*edit[1:])
    finally:
        for frame in frames:
            frame.drawing = True
        del doc._multiBuildEdits
    raise IndexError(f"Index entries not resolved after {max_passes} passes")
