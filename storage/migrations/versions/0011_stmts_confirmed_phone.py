"""stmts: a partial index of confirmed phones, for the same person on other channels (every message's read)

Revision ID: 0011_stmts_confirmed_phone
Revises: 0010_perf_overdue_events_index
Create Date: 2026-12-01 01:35:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011_stmts_confirmed_phone'
down_revision: str | None = '0010_perf_overdue_events_index'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHERE = "phone_confirmed_at IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.create_index('ix_citizens_confirmed_phone', ['phone'], unique=False,
                              postgresql_where=sa.text(_WHERE), sqlite_where=sa.text(_WHERE))


def downgrade() -> None:
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.drop_index('ix_citizens_confirmed_phone', postgresql_where=sa.text(_WHERE),
                            sqlite_where=sa.text(_WHERE))
