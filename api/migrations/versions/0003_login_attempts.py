"""login attempts, shared by every worker

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 12:00:00.000000

The sign-in limits counted attempts in each process's memory; this table lets every worker (and
every server on the same database) count the same ones. It holds only recent attempts, so the
downgrade simply drops it: the old code starts counting afresh.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('attempted_at', sa.Double(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempts'))
    )
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_login_attempts_key_attempted_at', ['key', 'attempted_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempts_key_attempted_at')
    op.drop_table('login_attempts')
