"""next steps serve a safety goal and may say what happens if they do not; apologies; a blank screen

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meeting') as batch:
        batch.add_column(sa.Column('screen_blank', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column('apologies', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('item') as batch:
        batch.add_column(sa.Column('goal_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch.add_column(sa.Column('contingency', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('item') as batch:
        batch.drop_column('contingency')
        batch.drop_column('goal_id')
    with op.batch_alter_table('meeting') as batch:
        batch.drop_column('apologies')
        batch.drop_column('screen_blank')
