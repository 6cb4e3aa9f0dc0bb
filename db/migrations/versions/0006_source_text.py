"""citations: where in a source a location or a marking link was found

Revision ID: 0006
Revises: 0008
Create Date: 2026-12-02

A new table only: no existing row changes, so the state every audit event committed to
stays true and no baseline event is needed.
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('citation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('link_id', sa.Integer(), nullable=True),
    sa.Column('origin', sa.String(length=8), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=False),
    sa.Column('end_char', sa.Integer(), nullable=False),
    sa.Column('found_text', sa.Text(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('region', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['link_id'], ['link.id'], name=op.f('fk_citation_link_id_link'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_citation_location_id_location'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_citation_source_id_source'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citation')),
    sa.UniqueConstraint('uid', name=op.f('uq_citation_uid'))
    )
    with op.batch_alter_table('citation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citation_link_id'), ['link_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_citation_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_citation_source_id'), ['source_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('citation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citation_source_id'))
        batch_op.drop_index(batch_op.f('ix_citation_location_id'))
        batch_op.drop_index(batch_op.f('ix_citation_link_id'))
    op.drop_table('citation')
