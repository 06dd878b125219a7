"""monthly roll-ups, and refunds as negative expenses

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 10:00:00.000000

Creates `monthly_rollups` and fills it from the records with SQL of its own: a frozen copy of
the definition in `api.ledger.rollups` as it stood when written, so later changes to app code
cannot change what this migration does. The records' amount check now lets an expense be
negative (a refund). Downgrading turns refunds into uncategorized income of the same size (the
only way the old schema could hold them; balances stay the same) and drops the roll-ups.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

AMOUNT_SIGN = "amount_minor > 0 OR (kind = 'expense' AND amount_minor < 0)"
AMOUNT_POSITIVE = "amount_minor > 0"

MONTH_START = {
    "sqlite": "date(occurred_on, 'start of month')",
    "postgresql": "CAST(date_trunc('month', occurred_on) AS DATE)",
}

# Income and expenses count for their account in its currency; a transfer once as it leaves
# (its account, amount_minor) and once as it arrives (the counterpart, in that account's currency).
BACKFILL = """
INSERT INTO monthly_rollups
    (user_id, month, account_id, kind, category_key, currency, amount_minor, record_count)
SELECT user_id, {month_start}, account_id, kind, category_key, currency, SUM(amount_minor), COUNT(*)
FROM (
    SELECT user_id, occurred_on, account_id,
           CASE kind WHEN 'transfer' THEN 'transfer_out' ELSE kind END AS kind,
           COALESCE(category_id, 0) AS category_key, currency, amount_minor
    FROM records
    UNION ALL
    SELECT records.user_id, records.occurred_on, records.counterpart_account_id,
           'transfer_in', COALESCE(records.category_id, 0), accounts.currency,
           records.counterpart_amount_minor
    FROM records JOIN accounts ON accounts.id = records.counterpart_account_id
    WHERE records.kind = 'transfer'
) AS legs
GROUP BY 1, 2, 3, 4, 5, 6
"""


def upgrade() -> None:
    op.create_table('monthly_rollups',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('income', 'expense', 'transfer_out', 'transfer_in', name='rollupkind', native_enum=False, length=12), nullable=False),
    sa.Column('category_key', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('amount_minor', sa.BigInteger(), nullable=False),
    sa.Column('record_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_monthly_rollups_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_monthly_rollups_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'month', 'account_id', 'kind', 'category_key', 'currency', name=op.f('pk_monthly_rollups'))
    )
    with op.batch_alter_table('monthly_rollups', schema=None) as batch_op:
        batch_op.create_index('ix_monthly_rollups_account_month', ['account_id', 'month'], unique=False)

    dialect_name = op.get_bind().dialect.name
    op.execute(BACKFILL.format(month_start=MONTH_START[dialect_name]))

    # On SQLite this rebuilds `records`; env.py keeps foreign keys off meanwhile (or the rebuild
    # would cascade-delete every tag) and runs PRAGMA foreign_key_check afterwards.
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_records_amount_positive'), type_='check')
        batch_op.create_check_constraint(op.f('ck_records_amount_sign'), AMOUNT_SIGN)


def downgrade() -> None:
    op.execute(
        "UPDATE records SET kind = 'income', amount_minor = -amount_minor, category_id = NULL "
        "WHERE amount_minor < 0"
    )
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_records_amount_sign'), type_='check')
        batch_op.create_check_constraint(op.f('ck_records_amount_positive'), AMOUNT_POSITIVE)

    with op.batch_alter_table('monthly_rollups', schema=None) as batch_op:
        batch_op.drop_index('ix_monthly_rollups_account_month')

    op.drop_table('monthly_rollups')
