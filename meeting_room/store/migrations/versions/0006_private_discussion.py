"""private discussion: the meeting's pause for the family, and professionals-only items

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meeting') as batch:
        batch.add_column(sa.Column('private', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('item') as batch:
        batch.add_column(sa.Column('professionals_only', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('item') as batch:
        batch.drop_column('professionals_only')
    with op.batch_alter_table('meeting') as batch:
        batch.drop_column('private')
