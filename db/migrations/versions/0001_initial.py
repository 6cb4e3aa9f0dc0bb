"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('actor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.Enum('government', 'ministry', 'agency', 'official', 'military', 'media', 'ngo', 'other', name='actor_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('affiliation', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actor')),
    sa.UniqueConstraint('uid', name=op.f('uq_actor_uid'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.Column('investigator', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=32), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('tool_version', sa.String(length=32), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event')),
    sa.UniqueConstraint('hash', name=op.f('uq_audit_event_hash'))
    )
    op.create_table('case_info',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_info')),
    sa.UniqueConstraint('uid', name=op.f('uq_case_info_uid'))
    )
    op.create_table('catalog_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('system', sa.Text(), nullable=False),
    sa.Column('category', sa.Text(), nullable=False),
    sa.Column('origin', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('citation', sa.Text(), nullable=False),
    sa.Column('aliases', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_entry')),
    sa.UniqueConstraint('code', name=op.f('uq_catalog_entry_code')),
    sa.UniqueConstraint('uid', name=op.f('uq_catalog_entry_uid'))
    )
    op.create_table('photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('source_path', sa.Text(), nullable=False),
    sa.Column('ext', sa.String(length=16), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('byte_size', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('orientation', sa.Integer(), nullable=True),
    sa.Column('taken_at', sa.String(length=40), nullable=True),
    sa.Column('camera_make', sa.Text(), nullable=True),
    sa.Column('camera_model', sa.Text(), nullable=True),
    sa.Column('lens', sa.Text(), nullable=True),
    sa.Column('gps_lat', sa.Float(), nullable=True),
    sa.Column('gps_lon', sa.Float(), nullable=True),
    sa.Column('gps_alt', sa.Float(), nullable=True),
    sa.Column('gps_direction', sa.Float(), nullable=True),
    sa.Column('flags', sa.Text(), nullable=False),
    sa.Column('exif', sa.Text(), nullable=False),
    sa.Column('view_adjustments', sa.Text(), nullable=False),
    sa.Column('imported_at', sa.String(length=40), nullable=False),
    sa.Column('imported_by', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_photo')),
    sa.UniqueConstraint('sha256', name=op.f('uq_photo_sha256')),
    sa.UniqueConstraint('uid', name=op.f('uq_photo_uid'))
    )
    op.create_table('source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('publisher', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=35), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('retrieved_on', sa.Date(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=True),
    sa.Column('file_name', sa.Text(), nullable=True),
    sa.Column('file_ext', sa.String(length=16), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source')),
    sa.UniqueConstraint('uid', name=op.f('uq_source_uid'))
    )
    op.create_table('annotation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('photo_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('shape_type', sa.Enum('rect', 'polygon', 'point', name='shape_type', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('geometry', sa.Text(), nullable=False),
    sa.Column('kind', sa.Enum('index_code', 'serial_number', 'lot_number', 'manufacturer_mark', 'date_code', 'damage', 'scale_reference', 'redaction', 'other', name='annotation_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('transcription', sa.Text(), nullable=False),
    sa.Column('confidence', sa.Enum('confirmed', 'probable', 'possible', name='confidence', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['photo_id'], ['photo.id'], name=op.f('fk_annotation_photo_id_photo'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotation')),
    sa.UniqueConstraint('photo_id', 'number', name='photo_number'),
    sa.UniqueConstraint('uid', name=op.f('uq_annotation_uid'))
    )
    with op.batch_alter_table('annotation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annotation_photo_id'), ['photo_id'], unique=False)

    op.create_table('claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('claimed_on', sa.Date(), nullable=True),
    sa.Column('about_when', sa.String(length=100), nullable=False),
    sa.Column('status', sa.Enum('unverified', 'corroborated', 'disputed', 'refuted', name='claim_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actor.id'], name=op.f('fk_claim_actor_id_actor'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_claim_source_id_source'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim')),
    sa.UniqueConstraint('uid', name=op.f('uq_claim_uid'))
    )
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_source_id'), ['source_id'], unique=False)

    op.create_table('location',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('aliases', sa.Text(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('kind', sa.Enum('camera', 'claimed', 'geolocated', name='location_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('precision_m', sa.Float(), nullable=True),
    sa.Column('raw_text', sa.Text(), nullable=False),
    sa.Column('notation', sa.String(length=32), nullable=False),
    sa.Column('photo_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['photo_id'], ['photo.id'], name=op.f('fk_location_photo_id_photo'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_location')),
    sa.UniqueConstraint('uid', name=op.f('uq_location_uid'))
    )
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_location_photo_id'), ['photo_id'], unique=False)

    op.create_table('link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('from_annotation_id', sa.Integer(), nullable=True),
    sa.Column('from_photo_id', sa.Integer(), nullable=True),
    sa.Column('from_claim_id', sa.Integer(), nullable=True),
    sa.Column('to_claim_id', sa.Integer(), nullable=True),
    sa.Column('to_location_id', sa.Integer(), nullable=True),
    sa.Column('stance', sa.Enum('supports', 'contradicts', 'context', name='stance', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('relation', sa.Enum('found_at', 'about', name='relation', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.CheckConstraint('(CASE WHEN from_annotation_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN from_photo_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN from_claim_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_link_one_from')),
    sa.CheckConstraint('(CASE WHEN stance IS NULL THEN 0 ELSE 1 END) + (CASE WHEN relation IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_link_typed')),
    sa.CheckConstraint('(CASE WHEN to_claim_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN to_location_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_link_one_to')),
    sa.ForeignKeyConstraint(['from_annotation_id'], ['annotation.id'], name=op.f('fk_link_from_annotation_id_annotation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_claim_id'], ['claim.id'], name=op.f('fk_link_from_claim_id_claim'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_photo_id'], ['photo.id'], name=op.f('fk_link_from_photo_id_photo'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_claim_id'], ['claim.id'], name=op.f('fk_link_to_claim_id_claim'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_location_id'], ['location.id'], name=op.f('fk_link_to_location_id_location'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link')),
    sa.UniqueConstraint('uid', name=op.f('uq_link_uid'))
    )
    with op.batch_alter_table('link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_from_annotation_id'), ['from_annotation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_from_claim_id'), ['from_claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_from_photo_id'), ['from_photo_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_to_claim_id'), ['to_claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_to_location_id'), ['to_location_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_to_location_id'))
        batch_op.drop_index(batch_op.f('ix_link_to_claim_id'))
        batch_op.drop_index(batch_op.f('ix_link_from_photo_id'))
        batch_op.drop_index(batch_op.f('ix_link_from_claim_id'))
        batch_op.drop_index(batch_op.f('ix_link_from_annotation_id'))

    op.drop_table('link')
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_location_photo_id'))

    op.drop_table('location')
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_source_id'))
        batch_op.drop_index(batch_op.f('ix_claim_actor_id'))

    op.drop_table('claim')
    with op.batch_alter_table('annotation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annotation_photo_id'))

    op.drop_table('annotation')
    op.drop_table('source')
    op.drop_table('photo')
    op.drop_table('catalog_entry')
    op.drop_table('case_info')
    op.drop_table('audit_event')
    op.drop_table('actor')
