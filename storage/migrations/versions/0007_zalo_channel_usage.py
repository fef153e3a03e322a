"""zalo: channel usage (monthly quota) and confirmed phones

Revision ID: 0007_zalo_channel_usage
Revises: 0006_trust
Create Date: 2026-11-30 19:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0007_zalo_channel_usage'
down_revision: str | None = '0006_trust'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('channel_usage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('month', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('sent', sa.Integer(), nullable=False),
    sa.Column('warned_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('channel', 'month', name='uq_channel_usage')
    )
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_confirmed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.drop_column('phone_confirmed_at')
    op.drop_table('channel_usage')
