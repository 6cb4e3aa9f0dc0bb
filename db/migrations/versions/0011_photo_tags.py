"""tags on photos

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

One new table; no existing row changes, so no state baseline is needed. The search index
reads each photo's tags: ``db.migrate.upgrade`` makes it again after this step because its
triggers differ from the previous version's.
"""
from alembic import op
import sqlalchemy as sa

from db.search_index import reset_search_index


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('photo_tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('photo_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=64), nullable=False),
    sa.Column('tag_key', sa.String(length=192), nullable=False),
    sa.ForeignKeyConstraint(['photo_id'], ['photo.id'],
                            name=op.f('fk_photo_tag_photo_id_photo'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_photo_tag')),
    sa.UniqueConstraint('photo_id', 'tag_key', name=op.f('uq_photo_tag_photo_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_photo_tag_uid'))
    )
    with op.batch_alter_table('photo_tag') as batch:
        batch.create_index(batch.f('ix_photo_tag_tag_key'), ['tag_key'], unique=False)


def downgrade() -> None:
    # The index's photo rows read the tags: its triggers go with the table, and the index
    # is made again as 0010 defines it (db.search_index without photo_tag).
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        op.execute('DROP TRIGGER IF EXISTS search_photo_tag_sync ON photo_tag')
        op.execute('DROP FUNCTION IF EXISTS search_photo_tag_sync()')
    else:
        for suffix in ('ai', 'au', 'ad'):
            op.execute(f'DROP TRIGGER IF EXISTS search_photo_tag_{suffix}')
    with op.batch_alter_table('photo_tag') as batch:
        batch.drop_index(batch.f('ix_photo_tag_tag_key'))
    op.drop_table('photo_tag')
    reset_search_index(bind)
