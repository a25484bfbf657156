"""agreement on danger statements and safety goals

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'agreement',
        sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('meeting_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('item_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('participant_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('answer', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id']),
        sa.ForeignKeyConstraint(['item_id'], ['item.id']),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('item_id', 'participant_id', name='uq_agreement_person'),
    )
    op.create_index('ix_agreement_meeting_id', 'agreement', ['meeting_id'])


def downgrade() -> None:
    op.drop_index('ix_agreement_meeting_id', 'agreement')
    op.drop_table('agreement')
