"""imports, their rows, CSV presets and idempotency keys

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 10:00:00.000000

New tables only: `records` gets no column (an import's rows point at the records they made), so
no table is rebuilt and SQLite's batch mode cannot cascade anything. The downgrade drops the
tables: the records imported stay, they only forget which import made them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('idempotency_keys',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('operation', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_idempotency_keys_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'operation', 'key', name=op.f('pk_idempotency_keys'))
    )
    op.create_table('csv_presets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_csv_presets_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_csv_presets_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_csv_presets')),
    sa.UniqueConstraint('account_id', 'name', name='uq_csv_presets_account_id_name')
    )
    with op.batch_alter_table('csv_presets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_csv_presets_user_id'), ['user_id'], unique=False)

    op.create_table('imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('format', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('new_count', sa.Integer(), nullable=False),
    sa.Column('duplicate_count', sa.Integer(), nullable=False),
    sa.Column('refused_count', sa.Integer(), nullable=False),
    sa.Column('skipped_count', sa.Integer(), nullable=False),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_imports_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_imports_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imports'))
    )
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imports_account_id'), ['account_id'], unique=False)
        batch_op.create_index('ix_imports_user_created', ['user_id', 'created_at'], unique=False)

    op.create_table('import_rows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Enum('new', 'duplicate', 'refused', 'skipped', name='rowoutcome', native_enum=False, length=10), nullable=False),
    sa.Column('fingerprint', sa.String(length=32), nullable=True),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('column', sa.String(length=100), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_import_rows_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['import_id'], ['imports.id'], name=op.f('fk_import_rows_import_id_imports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], name=op.f('fk_import_rows_record_id_records'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_rows'))
    )
    with op.batch_alter_table('import_rows', schema=None) as batch_op:
        batch_op.create_index('ix_import_rows_account_fingerprint', ['account_id', 'fingerprint'], unique=False)
        batch_op.create_index('ix_import_rows_import_fingerprint', ['import_id', 'fingerprint'], unique=False)
        batch_op.create_index('ix_import_rows_record', ['record_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('import_rows', schema=None) as batch_op:
        batch_op.drop_index('ix_import_rows_record')
        batch_op.drop_index('ix_import_rows_import_fingerprint')
        batch_op.drop_index('ix_import_rows_account_fingerprint')

    op.drop_table('import_rows')
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.drop_index('ix_imports_user_created')
        batch_op.drop_index(batch_op.f('ix_imports_account_id'))

    op.drop_table('imports')
    with op.batch_alter_table('csv_presets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_csv_presets_user_id'))

    op.drop_table('csv_presets')
    op.drop_table('idempotency_keys')
