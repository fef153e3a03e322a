"""trust: look-up failures, versioned conversation state, erasure marks

Revision ID: 0006_trust
Revises: 0005_web
Create Date: 2026-11-30 19:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0006_trust'
down_revision: str | None = '0005_web'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('lookup_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=170), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_lookup_failures_code', 'lookup_failures', ['code', 'at'], unique=False)
    op.create_index('ix_lookup_failures_subject', 'lookup_failures', ['subject', 'at'], unique=False)
    with op.batch_alter_table('conversation_states') as batch:
        batch.add_column(sa.Column('version', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('petitions') as batch:
        batch.add_column(sa.Column('erased_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    with op.batch_alter_table('dialogue_questions') as batch:
        batch.add_column(sa.Column('erased_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dialogue_questions') as batch:
        batch.drop_column('erased_at')
    with op.batch_alter_table('petitions') as batch:
        batch.drop_column('erased_at')
    with op.batch_alter_table('conversation_states') as batch:
        batch.drop_column('version')
    op.drop_index('ix_lookup_failures_subject', table_name='lookup_failures')
    op.drop_index('ix_lookup_failures_code', table_name='lookup_failures')
    op.drop_table('lookup_failures')
