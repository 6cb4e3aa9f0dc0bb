"""edit versions: a counter per editable record, to detect concurrent edits

Revision ID: 0004
Revises: 0005
Create Date: 2026-12-02

Every existing record starts at version 1. The column is bookkeeping, not evidence: the
record state that audit events commit to leaves it out, so no digest changes and no
upgrade event is needed (see ``desktop.core.state``).
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0005'
branch_labels = None
depends_on = None

VERSIONED = ('actor', 'source', 'photo', 'location', 'claim', 'annotation', 'link')


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('version', sa.Integer(), nullable=False,
                                       server_default=sa.text('1')))


def downgrade() -> None:
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('version')
