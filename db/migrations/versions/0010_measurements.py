"""measurements: line, polyline and circle shapes, and the measurement annotation kind

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

The two vocabularies are VARCHAR columns with a named CHECK constraint (``db_enum``); the
constraints are replaced by wider ones. No existing row changes. On SQLite this is a batch
rebuild of ``annotation``, which drops its search-index triggers: ``db.migrate`` restores
them (``ensure_search_index``) after every upgrade to head. The downgrade refuses while a
row uses a new shape or kind, since the older schema could not hold it.
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

OLD_SHAPES = ('rect', 'polygon', 'point')
NEW_SHAPES = OLD_SHAPES + ('line', 'polyline', 'circle')
OLD_KINDS = ('index_code', 'serial_number', 'lot_number', 'manufacturer_mark', 'date_code',
             'damage', 'scale_reference', 'redaction', 'other')
NEW_KINDS = OLD_KINDS + ('measurement',)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _replace_checks(shapes: tuple[str, ...], kinds: tuple[str, ...]) -> None:
    with op.batch_alter_table('annotation') as batch:
        batch.drop_constraint(op.f('ck_annotation_shape_type'), type_='check')
        batch.drop_constraint(op.f('ck_annotation_annotation_kind'), type_='check')
        batch.create_check_constraint(op.f('ck_annotation_shape_type'),
                                      sa.text(_in('shape_type', shapes)))
        batch.create_check_constraint(op.f('ck_annotation_annotation_kind'),
                                      sa.text(_in('kind', kinds)))


def upgrade() -> None:
    _replace_checks(NEW_SHAPES, NEW_KINDS)


def downgrade() -> None:
    new_shapes = NEW_SHAPES[len(OLD_SHAPES):]
    count = op.get_bind().execute(sa.text(
        f"SELECT COUNT(*) FROM annotation WHERE {_in('shape_type', new_shapes)} "
        "OR kind = 'measurement'")).scalar_one()
    if count:
        raise RuntimeError(
            f"the case has {count} line, polyline, circle or measurement annotation(s), "
            "which the earlier schema cannot hold; delete them before downgrading")
    _replace_checks(OLD_SHAPES, OLD_KINDS)
