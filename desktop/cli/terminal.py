"""Text for a terminal: names from cases and files cannot steer it.

A file name or a statement may hold control characters (an escape sequence that recolours
or clears the terminal, a carriage return that hides what was printed before it) or
bidirectional overrides (U+202E makes ``gpj.exe`` read as ``exe.jpg``). Everything the CLI
prints goes through ``SafeStream``, which shows such characters as ``\\uXXXX``. That form
is also a valid escape inside a JSON string, so ``--json`` output stays valid and means the
same. Newlines and tabs pass, since the CLI's own layout uses them.
"""

from __future__ import annotations

import re
from typing import TextIO

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """``text`` with control and bidirectional-override characters shown as ``\\uXXXX``."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SafeStream:
    """A text stream that escapes unsafe characters on the way to ``stream``."""

    def __init__(self, stream: TextIO) -> None:
        self.unfiltered = stream

    def write(self, text: str) -> int:
        """Write ``text`` escaped; returns the length of the text given."""
        self.unfiltered.write(escape_controls(text))
        return len(text)

    def flush(self) -> None:
        """Flush the underlying stream."""
        self.unfiltered.flush()

    def isatty(self) -> bool:
        """Whether the underlying stream is a terminal."""
        return self.unfiltered.isatty()

    def __getattr__(self, name: str) -> object:
        return getattr(self.unfiltered, name)
