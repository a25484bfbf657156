"""participants' sessions end after a long idle: when each was last seen

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty for people who joined before: their joining time counts instead.
    with op.batch_alter_table('participant') as batch:
        batch.add_column(sa.Column('last_seen_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('participant') as batch:
        batch.drop_column('last_seen_at')
