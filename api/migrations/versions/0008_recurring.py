"""recurring: schedules, their occurrences and dismissed suggestions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 12:00:00.000000

New tables only: no existing table is rebuilt, so SQLite's batch mode (and the foreign-key
cascades it could set off) is not involved. The downgrade drops the tables; records the schedules
created stay.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'recurring_schedules',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('income', 'expense', 'transfer', name='recordkind', native_enum=False,
                                  length=10), nullable=False),
        sa.Column('amount_minor', sa.BigInteger(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('estimated', sa.Boolean(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=True),
        sa.Column('counterpart_account_id', sa.Integer(), nullable=True),
        sa.Column('counterpart_amount_minor', sa.BigInteger(), nullable=True),
        sa.Column('payee', sa.String(length=200), nullable=False),
        sa.Column('description', sa.String(length=500), nullable=False),
        sa.Column('unit', sa.Enum('week', 'month', 'year', name='unit', native_enum=False, length=5),
                  nullable=False),
        sa.Column('every', sa.Integer(), nullable=False),
        sa.Column('day_of_month', sa.Integer(), nullable=True),
        sa.Column('last_day_of_month', sa.Boolean(), nullable=False),
        sa.Column('start_on', sa.Date(), nullable=False),
        sa.Column('end_on', sa.Date(), nullable=True),
        sa.Column('occurrence_limit', sa.Integer(), nullable=True),
        sa.Column('materialized_through', sa.Date(), nullable=True),
        sa.Column('next_due_on', sa.Date(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'],
                                name=op.f('fk_recurring_schedules_account_id_accounts'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['category_id'], ['categories.id'],
                                name=op.f('fk_recurring_schedules_category_id_categories'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['counterpart_account_id'], ['accounts.id'],
                                name=op.f('fk_recurring_schedules_counterpart_account_id_accounts'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recurring_schedules_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recurring_schedules')),
    )
    op.create_index('ix_recurring_schedules_user_next_due', 'recurring_schedules', ['user_id', 'next_due_on'])
    op.create_index('ix_recurring_schedules_next_due', 'recurring_schedules', ['next_due_on'])
    op.create_index('ix_recurring_schedules_account_id', 'recurring_schedules', ['account_id'])
    op.create_index('ix_recurring_schedules_category_id', 'recurring_schedules', ['category_id'])
    op.create_index('ix_recurring_schedules_counterpart_account_id', 'recurring_schedules',
                    ['counterpart_account_id'])
    op.create_table(
        'schedule_occurrences',
        sa.Column('schedule_id', sa.Integer(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['record_id'], ['records.id'],
                                name=op.f('fk_schedule_occurrences_record_id_records'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['schedule_id'], ['recurring_schedules.id'],
                                name=op.f('fk_schedule_occurrences_schedule_id_recurring_schedules'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('schedule_id', 'due_on', name=op.f('pk_schedule_occurrences')),
    )
    op.create_index('ix_schedule_occurrences_record_id', 'schedule_occurrences', ['record_id'])
    op.create_table(
        'dismissed_recurring_suggestions',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('suggestion_key', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_dismissed_recurring_suggestions_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'suggestion_key', name=op.f('pk_dismissed_recurring_suggestions')),
    )


def downgrade() -> None:
    op.drop_table('dismissed_recurring_suggestions')
    op.drop_index('ix_schedule_occurrences_record_id', table_name='schedule_occurrences')
    op.drop_table('schedule_occurrences')
    for name in ('counterpart_account_id', 'category_id', 'account_id'):
        op.drop_index(f'ix_recurring_schedules_{name}', table_name='recurring_schedules')
    op.drop_index('ix_recurring_schedules_next_due', table_name='recurring_schedules')
    op.drop_index('ix_recurring_schedules_user_next_due', table_name='recurring_schedules')
    op.drop_table('recurring_schedules')
