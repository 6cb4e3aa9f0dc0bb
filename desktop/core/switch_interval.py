"""How long a thread may hold Python's interpreter lock while another waits for it.

A thread that wants the lock waits until the thread holding it lets go, which Python asks
of it after the *switch interval* (5 ms by default). The window's thread takes and
releases the lock many times in one turn of its event loop (every call from Qt into
Python, and back), so while a worker runs Python code (reading 10,000 photo rows) each of
those waits can cost up to one interval: opening a case of 10,000 photos held the window
36 ms (median of 8 runs) with 5 ms and 24.5 ms with 1 ms
(``tests/benchmarks/bench_bigcase.py``). The desktop application asks for 1 ms;
command-line processes keep Python's default, which favours throughput.
"""

from __future__ import annotations

import sys

WINDOW_INTERVAL_S = 0.001


def favour_the_window() -> float:
    """Set the interval the window wants; return the one it replaces."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(WINDOW_INTERVAL_S)
    return previous
