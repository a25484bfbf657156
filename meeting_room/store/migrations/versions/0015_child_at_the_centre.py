"""the child at the centre: a child's own words are marked (and kept exactly); a scale may show
a child's answer by name only when the chair chooses so

Revision ID: 0015
Revises: 0013
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0015'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'child_picture',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('meeting_id', sa.String(length=32), nullable=False),
        sa.Column('child', sa.String(length=60), nullable=False),
        sa.Column('column', sa.String(length=10), nullable=True),
        sa.Column('description', sa.String(length=300), nullable=False),
        sa.Column('content_type', sa.String(length=20), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('added_by', sa.String(length=32), nullable=False),
        sa.Column('professionals_only', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id']),
        sa.ForeignKeyConstraint(['added_by'], ['participant.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_child_picture_meeting_id', 'child_picture', ['meeting_id'])
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
    op.drop_index('ix_child_picture_meeting_id', table_name='child_picture')
    op.drop_table('child_picture')
    with op.batch_alter_table('meeting') as batch:
        batch.drop_column('child_prompt')
    with op.batch_alter_table('participant') as batch:
        batch.drop_column('full_board')
    with op.batch_alter_table('scale') as batch:
        batch.drop_column('for_children')
        batch.drop_column('child_named')
    with op.batch_alter_table('item') as batch:
        batch.drop_column('child_words')
