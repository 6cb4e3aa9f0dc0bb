"""stable labels, photo provenance, audit hash version

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

Existing objects get labels in the order they were created (their ids), and the label
counters start after the highest. Every existing audit event keeps hash version 1 (the 0.1
recipe); events written from now on use version 2. The state baseline that lets ``verify``
check rows against the log is recorded by ``CaseFile`` right after the upgrade, in the
audit log itself (see ``desktop.core.state``).
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# table -> label prefix
LABELLED = {'photo': 'P', 'claim': 'C', 'location': 'L', 'source': 'S', 'annotation': 'A'}


def upgrade() -> None:
    for table in LABELLED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('label', sa.String(length=16), nullable=True))
    bind = op.get_bind()
    for table, prefix in LABELLED.items():
        op.execute(f"UPDATE {table} SET label = '{prefix}' || CAST(id AS TEXT)")
        with op.batch_alter_table(table) as batch:
            batch.alter_column('label', existing_type=sa.String(length=16), nullable=False)
            batch.create_unique_constraint(batch.f(f'uq_{table}_label'), ['label'])

    op.create_table('label_counter',
    sa.Column('prefix', sa.String(length=4), nullable=False),
    sa.Column('next_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', name=op.f('pk_label_counter'))
    )
    for table, prefix in LABELLED.items():
        highest = bind.execute(sa.text(f"SELECT MAX(id) FROM {table}")).scalar() or 0
        bind.execute(sa.text("INSERT INTO label_counter (prefix, next_number) VALUES (:p, :n)"),
                     {"p": prefix, "n": int(highest) + 1})

    with op.batch_alter_table('photo') as batch:
        batch.add_column(sa.Column('taken_by', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('provided_by', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column(
            'acquisition',
            sa.Enum('unknown', 'received', 'downloaded', 'taken_by_team', name='acquisition',
                    native_enum=False, create_constraint=True, length=32),
            nullable=False, server_default='unknown'))
        batch.add_column(sa.Column('original_url', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('obtained_at', sa.String(length=40), nullable=True))
        batch.add_column(sa.Column('source_id', sa.Integer(), nullable=True))
        batch.create_index(batch.f('ix_photo_source_id'), ['source_id'], unique=False)
        batch.create_foreign_key(batch.f('fk_photo_source_id_source'), 'source', ['source_id'],
                                 ['id'], ondelete='SET NULL')

    with op.batch_alter_table('audit_event') as batch:
        batch.add_column(sa.Column('hash_version', sa.Integer(), nullable=False,
                                   server_default='1'))
        batch.add_column(sa.Column('state', sa.Text(), nullable=False, server_default='[]'))


def downgrade() -> None:
    raise NotImplementedError("Fragment cases are never downgraded; restore the backup instead")
