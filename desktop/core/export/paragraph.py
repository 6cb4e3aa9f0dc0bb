"""reportlab's ``Paragraph``, remembering the lines of its last wrap.

Platypus wraps one paragraph at one width many times over: a kept-together group measures
its content and the frame then wraps each part again, a table wraps its cells to size its
rows, and each layout pass (``passes.py``) does it all anew. A paragraph's lines depend only
on its text, its style and the width, so a wrap at the width of the one before returns that
size without breaking the lines again: a quarter of the benchmark dossier's layout time.
``split`` sets or deletes the lines it works from, so the memo holds only while the lines
are the very ones that wrap made. Every export module takes ``Paragraph`` from here.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph as _Paragraph


class Paragraph(_Paragraph):
    """A ``Paragraph`` whose ``wrap`` at an unchanged width reuses its line breaking."""

    _last_wrap: tuple[float, object, tuple[float, float]] | None = None
    """(width, the lines that wrap made, the size it returned)."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lines = self.__dict__.get("blPara")
        last = self._last_wrap
        if last is not None and last[0] == availWidth and last[1] is lines is not None:
            return last[2]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._last_wrap = (availWidth, self.__dict__.get("blPara"), size)
        return size
