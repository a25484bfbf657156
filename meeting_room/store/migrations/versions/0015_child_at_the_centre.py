"""the child at the centre: a child's own words are marked (and kept exactly); a scale may show
a child's answer by name only when the chair chooses so

Revision ID: 0015
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('item') as batch:
        batch.add_column(sa.Column('child_words', sa.String(length=60), nullable=True))
    with op.batch_alter_table('scale') as batch:
        batch.add_column(sa.Column('child_named', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column('for_children', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('meeting') as batch:
        batch.add_column(sa.Column('child_prompt', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('participant') as batch:
        batch.add_column(sa.Column('full_board', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('meeting') as batch:
        batch.drop_column('child_prompt')
    with op.batch_alter_table('participant') as batch:
        batch.drop_column('full_board')
    with op.batch_alter_table('scale') as batch:
        batch.drop_column('for_children')
        batch.drop_column('child_named')
    with op.batch_alter_table('item') as batch:
        batch.drop_column('child_words')
