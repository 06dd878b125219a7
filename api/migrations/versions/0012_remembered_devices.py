"""remembered devices: a sign-in kept on a device starts a session of its own per tab

Revision ID: 0012
Revises: 0010
Create Date: 2026-11-30 20:00:00.000000

The dashboard's cookie held a refresh token, so two tabs rotated one token family and the second
rotation counted as reuse, signing both out. The cookie now holds a device token that starts a new
session (its own refresh-token family) per tab; `auth_sessions.device_id` ties those sessions to the
device, so signing out revokes them together. On SQLite the batch rebuild of auth_sessions runs with
foreign keys off (env.py), so refresh_tokens keeps its rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('remembered_devices',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_remembered_devices_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remembered_devices')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_remembered_devices_token_hash'))
    )
    with op.batch_alter_table('remembered_devices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_remembered_devices_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_auth_sessions_device_id'), ['device_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_auth_sessions_device_id_remembered_devices'),
                                    'remembered_devices', ['device_id'], ['id'], ondelete='CASCADE')


def downgrade() -> None:
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_auth_sessions_device_id_remembered_devices'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_auth_sessions_device_id'))
        batch_op.drop_column('device_id')

    with op.batch_alter_table('remembered_devices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_remembered_devices_user_id'))

    op.drop_table('remembered_devices')
