"""protected identities: denouncers' identities apart from the item, encrypted at rest

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 19:50:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'protected_identities',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('petition_id', sa.Integer(), nullable=False),
        sa.Column('sealed', sa.Text(), nullable=False),
        sa.Column('owner_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('anonymous', sa.Boolean(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['petition_id'], ['petitions.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('petition_id'),
    )
    with op.batch_alter_table('protected_identities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_protected_identities_owner_digest'), ['owner_digest'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('protected_identities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_protected_identities_owner_digest'))
    op.drop_table('protected_identities')
