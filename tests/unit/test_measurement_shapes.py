"""The shapes measurements need (line, polyline, circle) and the measurement kind: stored,
validated, and carried by the schema migration 0010 in both directions."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from db.engine import make_engine
from db.migrate import alembic_config
from desktop.core.casefile import CaseFile
from desktop.core.errors import ValidationError
from desktop.core.ops.annotations import (
    create_annotation,
    update_annotation,
)
from desktop.core.queries.investigation import list_annotations
from desktop.core.queries.photos import list_photos
from desktop.core.queries.search import search
from desktop.core.shape_geometry import bounds, outline
from desktop.core.verify import verify_case
from tests.unit.investigation_fixtures import add_photo, audit_count, delete_measurements

LINE = {"points": [[10, 20], [110, 20]]}
POLYLINE = {"points": [[0, 0], [30, 40], [60, 0]]}
CIRCLE = {"cx": 320, "cy": 240, "r": 50}
NEW_SHAPES = ("line", "polyline", "circle")


@pytest.fixture
def photo_id(new_case: CaseFile, tmp_path: Path) -> int:
    return add_photo(new_case, tmp_path, width=640, height=480)


def test_new_shapes_are_stored_as_given_and_verify(new_case: CaseFile, photo_id: int) -> None:
    for shape, geometry in (("line", LINE), ("polyline", POLYLINE), ("circle", CIRCLE)):
        create_annotation(new_case, photo_id=photo_id, shape_type=shape,
                          geometry={"type": shape, **geometry}, kind="measurement",
                          transcription="body diameter")
    create_annotation(new_case, photo_id=photo_id, shape_type="line", geometry=LINE,
                      kind="scale_reference", transcription="10 cm")
    stored = {(a.shape_type, a.kind): a.geometry
              for a in new_case.read(list_annotations, photo_id)}
    assert stored[("line", "measurement")] == LINE
    assert stored[("polyline", "measurement")] == POLYLINE
    assert stored[("circle", "measurement")] == CIRCLE
    assert stored[("line", "scale_reference")] == LINE
    assert verify_case(new_case).ok


@pytest.mark.parametrize(
    ("shape", "geometry", "message"),
    [
        ("line", {"points": [[0, 0], [10, 10], [20, 0]]}, "exactly 2 points"),
        ("line", {"points": [[5, 5], [5, 5]]}, "the same"),
        ("line", {"points": [[0, 0], [700, 10]]}, r"points\[1\]: \(700, 10\) lies outside"),
        ("polyline", {"points": [[0, 0]]}, "at least 2"),
        ("polyline", {"points": [[3, 3], [3, 3], [3, 3]]}, "all the same"),
        ("circle", {"cx": 10, "cy": 10, "r": 0}, "positive radius"),
        ("circle", {"cx": 10, "cy": 10, "r": 5000}, "no larger than the photo"),
        ("circle", {"cx": 700, "cy": 10, "r": 5}, "outside"),
        ("circle", {"cx": 7, "cy": 10}, "needs r"),
        ("circle", {"cx": 7, "cy": 10, "r": 1, "d": 2}, "has no d"),
    ],
)
def test_bad_new_geometry_is_refused(new_case: CaseFile, photo_id: int, shape: str,
                                     geometry: dict, message: str) -> None:
    events = audit_count(new_case)
    with pytest.raises(ValidationError, match=message):
        create_annotation(new_case, photo_id=photo_id, shape_type=shape, geometry=geometry,
                          kind="measurement")
    assert audit_count(new_case) == events


def test_kind_and_shape_must_agree(new_case: CaseFile, photo_id: int) -> None:
    with pytest.raises(ValidationError, match="a measurement is a line, polyline or circle"):
        create_annotation(new_case, photo_id=photo_id, shape_type="rect",
                          geometry={"x": 0, "y": 0, "w": 5, "h": 5}, kind="measurement")
    with pytest.raises(ValidationError, match="a redaction must cover an area"):
        create_annotation(new_case, photo_id=photo_id, shape_type="line", geometry=LINE,
                          kind="redaction")
    line, _ = create_annotation(new_case, photo_id=photo_id, shape_type="line", geometry=LINE,
                                kind="measurement")
    with pytest.raises(ValidationError, match="a redaction must cover an area"):
        update_annotation(new_case, annotation_id=line, kind="redaction")
    update_annotation(new_case, annotation_id=line, kind="other")  # a plain line is fine


def test_outline_and_bounds_of_every_shape() -> None:
    assert outline("line", LINE) == ((10.0, 20.0), (110.0, 20.0))
    assert bounds("polyline", POLYLINE) == (0.0, 0.0, 60.0, 40.0)
    assert bounds("circle", CIRCLE) == (270.0, 190.0, 370.0, 290.0)
    ring = outline("circle", CIRCLE)
    assert len(ring) == 32
    # circumscribed: every vertex is at least r from the centre
    assert all((x - 320) ** 2 + (y - 240) ** 2 >= 50 ** 2 - 1e-6 for x, y in ring)
    assert bounds("point", {"x": 3, "y": 4}) == (3.0, 4.0, 3.0, 4.0)


def _downgrade(database: Path, to: str) -> None:
    from alembic import command

    # make_engine: pysqlite left to itself would run the DDL outside the transaction, and a
    # refused step would leave the steps before it half done
    engine = make_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")  # outside a transaction, or it is ignored
            with conn.begin():
                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                command.downgrade(cfg, to)
    finally:
        engine.dispose()


def _schema(database: Path) -> tuple[str, list[str], str]:
    con = sqlite3.connect(database)
    try:
        sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'annotation'").fetchone()
        triggers = sorted(r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'annotation'"))
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        return sql[0], triggers, revision
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop.core.demo import build_demo_case

    case = build_demo_case(tmp_path_factory.mktemp("demo") / "Demo")
    case.close()
    return case.root


def _annotations(case: CaseFile) -> list:
    return [a for p in case.read(list_photos) for a in case.read(list_annotations, p.id)]


def test_migration_down_and_up_on_a_copy_of_the_demo(demo_root: Path, tmp_path: Path) -> None:
    root = tmp_path / "Copy.fragment"
    shutil.copytree(demo_root, root)
    database = root / "case.sqlite"
    sql, triggers, revision = _schema(database)
    assert revision == "0011" and "'circle'" in sql and "'measurement'" in sql
    assert len(triggers) == 3

    with CaseFile.open(root, investigator="T") as case:
        photo = case.read(list_photos)[0].id
        create_annotation(case, photo_id=photo, shape_type="line", geometry=LINE,
                          kind="measurement", transcription="body diameter")
    with pytest.raises(RuntimeError, match="which the earlier schema cannot hold"):
        _downgrade(database, "0009")
    assert _schema(database)[2] == "0011"  # refused: nothing changed

    with CaseFile.open(root, investigator="T") as case:
        delete_measurements(case)
    _downgrade(database, "0009")
    sql, triggers, revision = _schema(database)
    assert revision == "0009" and "'circle'" not in sql and "'measurement'" not in sql

    with CaseFile.open(root, investigator="T") as case:  # upgrades again
        assert verify_case(case).ok
        assert case.read(search, "9M723").hits  # the search triggers were restored
    sql, triggers, revision = _schema(database)
    assert revision == "0011" and "'polyline'" in sql and len(triggers) == 3
