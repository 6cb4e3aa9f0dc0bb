"""One-time costs of the first case opened, paid ahead in a worker.

The first case a process opens pays, on whichever thread opens it, for configuring the
ORM's mappers (about 10 ms for Fragment's models) and for SQLAlchemy's first SQLite engine
(its dialect's first connection, about 10 ms). When the window opens a case from the
Open dialog, that thread is the window's: the first open stalled the window 55-100 ms
where the next ones stall 25-50 ms (``tests/benchmarks/bench_bigcase.py``). The window
runs :func:`warm_up` in a worker once it is shown, so the first open finds them done.
"""

from __future__ import annotations

from sqlalchemy.orm import configure_mappers

import db.models  # noqa: F401  (the models whose mappers are configured)
from db.engine import make_engine


def warm_up() -> None:
    """Configure every mapper and open (and close) an in-memory SQLite engine once."""
    configure_mappers()
    engine = make_engine("sqlite://")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    finally:
        engine.dispose()
