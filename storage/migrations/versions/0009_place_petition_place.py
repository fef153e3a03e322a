"""place: where the problem is (typed words, a map pin, the commune) and the organisation a petition is sent for

Revision ID: 0009_place_petition_place
Revises: 0008_forms_surveys
Create Date: 2026-12-01 09:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0009_place_petition_place'
down_revision: str | None = '0008_forms_surveys'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch_op.add_column(sa.Column('place_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('place_lat', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('place_lon', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('place_commune_code', sqlmodel.sql.sqltypes.AutoString(length=8),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.drop_column('place_commune_code')
        batch_op.drop_column('place_lon')
        batch_op.drop_column('place_lat')
        batch_op.drop_column('place_text')
        batch_op.drop_column('organisation')
