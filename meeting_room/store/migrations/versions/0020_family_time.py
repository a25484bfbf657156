"""family time: the mirror of a private discussion (professionals' devices paused while the
family writes its plan), the chair's choice to keep the screen on for the family, and the
family's plan items

Revision ID: 0020
Revises: 0019
"""
import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meeting') as batch:
        batch.add_column(sa.Column('family_time', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column('screen_for_family', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('item') as batch:
        batch.add_column(sa.Column('family_plan', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('item') as batch:
        batch.drop_column('family_plan')
    with op.batch_alter_table('meeting') as batch:
        batch.drop_column('screen_for_family')
        batch.drop_column('family_time')
