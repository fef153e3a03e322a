"""Reports: export audit trail, the intake register's source reference, indexes for reports and deadlines

The partial indexes cover open petitions only (inboxes, the deadline digest, overdue counts);
``ix_petitions_status`` went: ``ix_petitions_status_due`` (status, due_date) serves the same look-ups.

Revision ID: 0004_reports
Revises: 0003
Create Date: 2026-11-30 18:59:28.774728
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0004_reports'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('export_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('format', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('topic', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('confidential_content', sa.Boolean(), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_ref', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True))
        batch_op.drop_index(batch_op.f('ix_petitions_status'))
        batch_op.create_index('ix_petitions_created_at', ['created_at'], unique=False, postgresql_include=['kind', 'topic', 'department_code', 'status', 'channel', 'answered_at', 'due_date', 'rating'])
        batch_op.create_index('ix_petitions_unhappy', ['created_at'], unique=False, postgresql_where=sa.text('rating = 1'), sqlite_where=sa.text('rating = 1'))
        batch_op.create_index('ix_petitions_open_dept_due', ['department_code', 'due_date', 'id'], unique=False, postgresql_where=sa.text("status IN ('received', 'assigned', 'in_progress', 'needs_info', 'approval', 'review')"), sqlite_where=sa.text("status IN ('received', 'assigned', 'in_progress', 'needs_info', 'approval', 'review')"))
        batch_op.create_index('ix_petitions_open_assignee_due', ['assignee_id', 'due_date', 'id'], unique=False, postgresql_where=sa.text("status IN ('received', 'assigned', 'in_progress', 'needs_info', 'approval', 'review')"), sqlite_where=sa.text("status IN ('received', 'assigned', 'in_progress', 'needs_info', 'approval', 'review')"))
        batch_op.create_index('ix_petitions_open_due', ['due_date', 'id'], unique=False, postgresql_where=sa.text("status IN ('received', 'assigned', 'in_progress', 'needs_info', 'approval', 'review')"), sqlite_where=sa.text("status IN ('received', 'assigned', 'in_progress', 'needs_info', 'approval', 'review')"))
        batch_op.create_index(batch_op.f('ix_petitions_source_ref'), ['source_ref'], unique=True)



def downgrade() -> None:
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petitions_source_ref'))
        batch_op.drop_index('ix_petitions_open_assignee_due')
        batch_op.drop_index('ix_petitions_open_due', postgresql_where=sa.text("status IN ('received', 'assigned', 'in_progress', 'needs_info', 'approval', 'review')"), sqlite_where=sa.text("status IN ('received', 'assigned', 'in_progress', 'needs_info', 'approval', 'review')"))
        batch_op.drop_index('ix_petitions_open_dept_due', postgresql_where=sa.text("status IN ('received', 'assigned', 'in_progress', 'needs_info', 'approval', 'review')"), sqlite_where=sa.text("status IN ('received', 'assigned', 'in_progress', 'needs_info', 'approval', 'review')"))
        batch_op.drop_index('ix_petitions_unhappy')
        batch_op.drop_index('ix_petitions_created_at')
        batch_op.create_index(batch_op.f('ix_petitions_status'), ['status'], unique=False)
        batch_op.drop_column('source_ref')

    op.drop_table('export_log')
