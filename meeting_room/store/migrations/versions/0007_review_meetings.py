"""review meetings: the last meeting, items carried over, steps reviewed

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meeting') as batch:
        batch.add_column(sa.Column('previous_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch.create_foreign_key('fk_meeting_previous', 'meeting', ['previous_id'], ['id'])
    with op.batch_alter_table('item') as batch:
        batch.add_column(sa.Column('carried_from', sa.Date(), nullable=True))
        batch.add_column(sa.Column('carried_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        batch.add_column(sa.Column('review', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('item') as batch:
        batch.drop_column('review')
        batch.drop_column('carried_by')
        batch.drop_column('carried_from')
    with op.batch_alter_table('meeting') as batch:
        batch.drop_constraint('fk_meeting_previous', type_='foreignkey')
        batch.drop_column('previous_id')
