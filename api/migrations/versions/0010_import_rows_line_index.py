"""import rows indexed by (import_id, line) instead of (import_id, fingerprint)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 10:00:00.000000

An import's own earlier rows are now found through `ix_import_rows_account_fingerprint` (the
same query finds the earlier imports' records), so the (import_id, fingerprint) index served
nothing but the cascade from `imports`, and cost a random-order insert into a B-tree of 32-byte
keys for every row of every import (a third of the rows' insert time on SQLite). (import_id, line)
serves the cascade, listing an import's rows in file order, and undo; an import appends to it in
order. Indexes only: no table is rebuilt.
"""

from __future__ import annotations

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_import_rows_import_line', 'import_rows', ['import_id', 'line'], unique=False)
    op.drop_index('ix_import_rows_import_fingerprint', table_name='import_rows')


def downgrade() -> None:
    op.create_index('ix_import_rows_import_fingerprint', 'import_rows', ['import_id', 'fingerprint'],
                    unique=False)
    op.drop_index('ix_import_rows_import_line', table_name='import_rows')
