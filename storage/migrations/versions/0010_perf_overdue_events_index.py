"""perf: a partial index of the "overdue" timeline events, for the daily digest's NOT EXISTS

Revision ID: 0010_perf_overdue_events_index
Revises: 0009_place_petition_place
Create Date: 2026-11-30 22:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010_perf_overdue_events_index'
down_revision: str | None = '0009_place_petition_place'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('petition_events', schema=None) as batch_op:
        batch_op.create_index('ix_petition_events_overdue', ['petition_id'], unique=False,
                              postgresql_where=sa.text("action = 'overdue'"), sqlite_where=sa.text("action = 'overdue'"))


def downgrade() -> None:
    with op.batch_alter_table('petition_events', schema=None) as batch_op:
        batch_op.drop_index('ix_petition_events_overdue', postgresql_where=sa.text("action = 'overdue'"),
                            sqlite_where=sa.text("action = 'overdue'"))
