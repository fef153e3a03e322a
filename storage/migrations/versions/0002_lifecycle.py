"""lifecycle: approval, thụ lý, complex cases, answer documents; dialogue programme, rules, floor questions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 19:02:28
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('dialogue_questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                      server_default='registered'))
        batch_op.add_column(sa.Column('forwarded_to', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))

    with op.batch_alter_table('dialogue_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('rules', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('held_override_by', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_dialogue_sessions_held_override_by', 'staff', ['held_override_by'], ['id'])

    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('complex_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('draft_answer', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('draft_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('answer_document', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('approved_by', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_petitions_approved_by', 'staff', ['approved_by'], ['id'])
        batch_op.create_foreign_key('fk_petitions_draft_by', 'staff', ['draft_by'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_petitions_draft_by', type_='foreignkey')
        batch_op.drop_constraint('fk_petitions_approved_by', type_='foreignkey')
        for col in ('approved_by', 'answer_document', 'draft_by', 'draft_answer', 'complex_reason', 'accepted_at'):
            batch_op.drop_column(col)

    with op.batch_alter_table('dialogue_sessions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_dialogue_sessions_held_override_by', type_='foreignkey')
        for col in ('held_override_by', 'rules', 'programme'):
            batch_op.drop_column(col)

    with op.batch_alter_table('dialogue_questions', schema=None) as batch_op:
        batch_op.drop_column('forwarded_to')
        batch_op.drop_column('source')
