"""videos kept as originals, and frames of them saved as photos

Revision ID: 0009
Revises: 0004
Create Date: 2026-12-02

Two new tables; no existing row changes.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('video',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('label', sa.String(length=16), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('source_path', sa.Text(), nullable=False),
    sa.Column('ext', sa.String(length=16), nullable=False),
    sa.Column('byte_size', sa.Integer(), nullable=False),
    sa.Column('container', sa.String(length=64), nullable=False),
    sa.Column('codec', sa.String(length=32), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('duration_s', sa.Float(), nullable=True),
    sa.Column('frame_rate', sa.Float(), nullable=True),
    sa.Column('frame_count', sa.Integer(), nullable=True),
    sa.Column('encoder', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=True),
    sa.Column('gps_lat', sa.Float(), nullable=True),
    sa.Column('gps_lon', sa.Float(), nullable=True),
    sa.Column('imported_at', sa.String(length=40), nullable=False),
    sa.Column('imported_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_video')),
    sa.UniqueConstraint('label', name=op.f('uq_video_label')),
    sa.UniqueConstraint('sha256', name=op.f('uq_video_sha256')),
    sa.UniqueConstraint('uid', name=op.f('uq_video_uid'))
    )
    op.create_table('video_frame',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('photo_id', sa.Integer(), nullable=False),
    sa.Column('video_id', sa.Integer(), nullable=False),
    sa.Column('frame_index', sa.Integer(), nullable=False),
    sa.Column('time_s', sa.Float(), nullable=False),
    sa.Column('pts', sa.Integer(), nullable=True),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('pixel_format', sa.String(length=32), nullable=False),
    sa.Column('decoder', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['photo_id'], ['photo.id'],
                            name=op.f('fk_video_frame_photo_id_photo'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['video_id'], ['video.id'],
                            name=op.f('fk_video_frame_video_id_video'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_video_frame')),
    sa.UniqueConstraint('photo_id', name=op.f('uq_video_frame_photo_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_video_frame_uid'))
    )
    with op.batch_alter_table('video_frame') as batch:
        batch.create_index(batch.f('ix_video_frame_video_id'), ['video_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('video_frame') as batch:
        batch.drop_index(batch.f('ix_video_frame_video_id'))
    op.drop_table('video_frame')
    op.drop_table('video')
