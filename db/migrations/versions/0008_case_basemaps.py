"""offline basemaps added to a case

Revision ID: 0008
Revises: 0003
Create Date: 2026-12-02

One new table; no existing row changes, so no state baseline is needed.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_basemap',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('attribution', sa.Text(), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('file_ext', sa.String(length=16), nullable=False),
    sa.Column('tile_format', sa.String(length=8), nullable=False),
    sa.Column('west', sa.Float(), nullable=False),
    sa.Column('south', sa.Float(), nullable=False),
    sa.Column('east', sa.Float(), nullable=False),
    sa.Column('north', sa.Float(), nullable=False),
    sa.Column('min_zoom', sa.Integer(), nullable=False),
    sa.Column('max_zoom', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_basemap')),
    sa.UniqueConstraint('uid', name=op.f('uq_case_basemap_uid'))
    )


def downgrade() -> None:
    op.drop_table('case_basemap')
