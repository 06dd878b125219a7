"""budgets, savings goals and the user's time zone

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 10:00:00.000000

`users.time_zone` is added with a server default ("UTC") through a plain ADD COLUMN, which SQLite
does without rebuilding the table, so batch mode (and the cascades a rebuild of `users` could set
off on every child table) is not involved. Everything else is new tables. The downgrade drops the
tables and the column (a drop SQLite 3.35+ also does in place).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('time_zone', sa.String(length=64), server_default='UTC', nullable=False))
    op.create_table(
        'budgets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('repeats', sa.Boolean(), nullable=False),
        sa.Column('amount_minor', sa.BigInteger(), nullable=False),
        sa.Column('rollover', sa.Enum('none', 'carry', name='rollover', native_enum=False, length=5),
                  nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['category_id'], ['categories.id'],
                                name=op.f('fk_budgets_category_id_categories'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_budgets_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_budgets')),
        sa.UniqueConstraint('category_id', 'currency', 'month', 'repeats', name='uq_budgets_category_month'),
    )
    op.create_index('ix_budgets_user_category', 'budgets', ['user_id', 'category_id'])
    op.create_table(
        'goals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('target_minor', sa.BigInteger(), nullable=False),
        sa.Column('target_date', sa.Date(), nullable=False),
        sa.Column('share_percent', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('share_percent BETWEEN 1 AND 100', name=op.f('ck_goals_share_percent_range')),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_goals_account_id_accounts'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_goals_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_goals')),
    )
    op.create_index('ix_goals_user_id', 'goals', ['user_id', 'id'])
    op.create_index('ix_goals_account_id', 'goals', ['account_id'])


def downgrade() -> None:
    op.drop_index('ix_goals_account_id', table_name='goals')
    op.drop_index('ix_goals_user_id', table_name='goals')
    op.drop_table('goals')
    op.drop_index('ix_budgets_user_category', table_name='budgets')
    op.drop_table('budgets')
    op.drop_column('users', 'time_zone')
