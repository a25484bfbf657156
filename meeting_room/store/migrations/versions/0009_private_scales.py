"""scales asked during a private discussion are for professionals only

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('scale') as batch:
        batch.add_column(sa.Column('professionals_only', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('scale') as batch:
        batch.drop_column('professionals_only')
