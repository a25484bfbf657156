"""refusals in the audit are counted: repeats from one client in one hour add to one entry

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit') as batch:
        batch.add_column(sa.Column('count', sa.Integer(), nullable=False, server_default='1'))
        batch.add_column(sa.Column('last_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('audit') as batch:
        batch.drop_column('last_at')
        batch.drop_column('count')
