"""next steps with who and by when; decisions, dissent, the next meeting's date; closing

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('item') as batch:
        batch.add_column(sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        batch.add_column(sa.Column('due_on', sa.Date(), nullable=True))
    with op.batch_alter_table('meeting') as batch:
        batch.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('next_meeting_on', sa.Date(), nullable=True))
    op.create_table(
        'decision',
        sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('meeting_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('child', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column('plan', sa.Boolean(), nullable=False),
        sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column('reasons', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('meeting_id', 'child', name='uq_decision_child'),
    )
    op.create_index('ix_decision_meeting_id', 'decision', ['meeting_id'])
    op.create_table(
        'dissent',
        sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('meeting_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('words', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_dissent_meeting_id', 'dissent', ['meeting_id'])


def downgrade() -> None:
    op.drop_index('ix_dissent_meeting_id', 'dissent')
    op.drop_table('dissent')
    op.drop_index('ix_decision_meeting_id', 'decision')
    op.drop_table('decision')
    with op.batch_alter_table('meeting') as batch:
        batch.drop_column('next_meeting_on')
        batch.drop_column('closed_at')
    with op.batch_alter_table('item') as batch:
        batch.drop_column('due_on')
        batch.drop_column('owner')
