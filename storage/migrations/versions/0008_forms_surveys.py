"""forms: satisfaction survey answers (one row per question)

Revision ID: 0008_forms_surveys
Revises: 0007_zalo_channel_usage
Create Date: 2026-11-30 22:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0008_forms_surveys'
down_revision: str | None = '0007_zalo_channel_usage'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('survey_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('petition_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('citizen_id', sa.Integer(), nullable=True),
    sa.Column('question', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('choice', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.create_index('ix_survey_subject_at', ['subject', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_answers_petition_id'), ['petition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_answers_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_answers_citizen_id'), ['citizen_id'], unique=False)


def downgrade() -> None:
    op.drop_table('survey_answers')
