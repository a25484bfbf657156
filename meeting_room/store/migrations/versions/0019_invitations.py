"""invitations: the chair invites people before the meeting, each with a personal link; a
participant who came by one is marked (invited, or the same link on a second device)

Revision ID: 0019
Revises: 0023
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0019'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'invitation',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('meeting_id', sa.String(length=32), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('connection', sa.String(length=30), nullable=False),
        sa.Column('agency', sa.String(length=80), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('link_hash', sa.String(length=64), nullable=False),
        sa.Column('link_version', sa.Integer(), nullable=False),
        sa.Column('withdrawn', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('admit_ahead', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('participant_id', sa.String(length=32), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id']),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_invitation_meeting_id', 'invitation', ['meeting_id'])
    op.create_index('ix_invitation_link_hash', 'invitation', ['link_hash'], unique=True)
    with op.batch_alter_table('participant') as batch:
        batch.add_column(sa.Column('invited', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('participant') as batch:
        batch.drop_column('invited')
    op.drop_index('ix_invitation_link_hash', table_name='invitation')
    op.drop_index('ix_invitation_meeting_id', table_name='invitation')
    op.drop_table('invitation')
