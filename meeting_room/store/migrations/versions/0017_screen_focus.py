"""the shared screen: the chair can focus it on one column, and keep it on for professionals
during a private discussion; a low answer's safety notice stays until the chair has seen to it

Revision ID: 0017
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meeting') as batch:
        batch.add_column(sa.Column('screen_focus', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('screen_for_professionals', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table('scale') as batch:
        batch.add_column(sa.Column('safety_seen', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('participant') as batch:
        batch.add_column(sa.Column('co_chair', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('participant') as batch:
        batch.drop_column('co_chair')
    with op.batch_alter_table('scale') as batch:
        batch.drop_column('safety_seen')
    with op.batch_alter_table('meeting') as batch:
        batch.drop_column('screen_for_professionals')
        batch.drop_column('screen_focus')
