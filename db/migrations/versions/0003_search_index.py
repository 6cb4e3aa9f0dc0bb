"""full-text search index

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

Creates the search index (an FTS5 table on SQLite, a table with a GIN-indexed tsvector on
PostgreSQL) and the triggers that keep it in step with annotations, photos, claims and
sources, and fills it from the rows an existing case already holds. The index is derived
data, not evidence: it has no model, no audit events and no state digests (see
``db.search_index``).
"""
from alembic import op

from db.search_index import create_search_index, drop_search_index


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_search_index(op.get_bind())


def downgrade() -> None:
    drop_search_index(op.get_bind())
