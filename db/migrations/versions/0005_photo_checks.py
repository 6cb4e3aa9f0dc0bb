"""verification checks: photo fingerprints, reference collections, findings

Revision ID: 0005
Revises: 0006
Create Date: 2026-12-01

Four new tables, nothing existing changes. ``reference_collection`` and ``check_finding``
are evidential (audited, in the log's state entries); ``photo_fingerprint`` and
``reference_image`` are derived data, recomputed from files on demand.
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('photo_fingerprint',
    sa.Column('photo_id', sa.Integer(), nullable=False),
    sa.Column('phash', sa.String(length=16), nullable=False),
    sa.Column('thumb_distance', sa.Integer(), nullable=True),
    sa.Column('mean_luma', sa.Float(), nullable=True),
    sa.Column('credentials', sa.Text(), nullable=True),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('computed_at', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['photo_id'], ['photo.id'], name=op.f('fk_photo_fingerprint_photo_id_photo'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('photo_id', name=op.f('pk_photo_fingerprint'))
    )
    op.create_table('reference_collection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('image_count', sa.Integer(), nullable=False),
    sa.Column('index_digest', sa.String(length=64), nullable=False),
    sa.Column('indexed_at', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_collection')),
    sa.UniqueConstraint('uid', name=op.f('uq_reference_collection_uid'))
    )
    op.create_table('reference_image',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('collection_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('phash', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['collection_id'], ['reference_collection.id'], name=op.f('fk_reference_image_collection_id_reference_collection'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_image'))
    )
    with op.batch_alter_table('reference_image', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reference_image_collection_id'), ['collection_id'], unique=False)
    op.create_table('check_finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('photo_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('computed_at', sa.String(length=40), nullable=False),
    sa.Column('reviewed', sa.Boolean(), nullable=False),
    sa.Column('review_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['photo_id'], ['photo.id'], name=op.f('fk_check_finding_photo_id_photo'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_finding')),
    sa.UniqueConstraint('photo_id', 'key', name=op.f('uq_check_finding_photo_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_check_finding_uid'))
    )
    with op.batch_alter_table('check_finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_check_finding_photo_id'), ['photo_id'], unique=False)


def downgrade() -> None:
    op.drop_table('check_finding')
    op.drop_table('reference_image')
    op.drop_table('reference_collection')
    op.drop_table('photo_fingerprint')
