"""rules: ordered conditions and actions per user

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 09:00:00.000000

A new table only: no existing table is rebuilt, so SQLite's batch mode (and the foreign-key
cascades it could set off) is not involved. The downgrade drops the table and the rules in it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'rules',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('payee_match', sa.Enum('contains', 'equals', 'regex', name='textmatch',
                                         native_enum=False, length=10), nullable=True),
        sa.Column('payee_pattern', sa.String(length=200), nullable=True),
        sa.Column('description_match', sa.Enum('contains', 'equals', 'regex', name='textmatch',
                                               native_enum=False, length=10), nullable=True),
        sa.Column('description_pattern', sa.String(length=200), nullable=True),
        sa.Column('case_sensitive', sa.Boolean(), nullable=False),
        sa.Column('min_amount', sa.String(length=40), nullable=True),
        sa.Column('max_amount', sa.String(length=40), nullable=True),
        sa.Column('account_id', sa.Integer(), nullable=True),
        sa.Column('direction', sa.Enum('in', 'out', 'any', name='direction', native_enum=False, length=3),
                  nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=True),
        sa.Column('tags', sa.JSON(), nullable=False),
        sa.Column('set_payee', sa.String(length=200), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_rules_account_id_accounts'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['category_id'], ['categories.id'],
                                name=op.f('fk_rules_category_id_categories'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_rules_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rules')),
    )
    op.create_index('ix_rules_user_position', 'rules', ['user_id', 'position', 'id'])
    op.create_index('ix_rules_account_id', 'rules', ['account_id'])
    op.create_index('ix_rules_category_id', 'rules', ['category_id'])


def downgrade() -> None:
    op.drop_index('ix_rules_category_id', table_name='rules')
    op.drop_index('ix_rules_account_id', table_name='rules')
    op.drop_index('ix_rules_user_position', table_name='rules')
    op.drop_table('rules')
