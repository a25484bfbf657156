"""a conference in good order (issue 23): the meeting's agenda; a core group's answer per child; the plan's lead
practitioner, core group and dates

Revision ID: 0016
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meeting') as batch:
        batch.add_column(sa.Column('agenda', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('agenda_step', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('agenda_since', sa.DateTime(), nullable=True))
    with op.batch_alter_table('decision') as batch:
        batch.add_column(sa.Column('answer', sa.String(length=20), nullable=True))
    op.create_table(
        'conference_plan',
        sa.Column('meeting_id', sa.String(length=32), sa.ForeignKey('meeting.id'), primary_key=True),
        sa.Column('lead_name', sa.String(length=100), nullable=False),
        sa.Column('lead_agency', sa.String(length=100), nullable=False),
        sa.Column('core_group', sa.Text(), nullable=False),
        sa.Column('first_core_group_on', sa.Date(), nullable=True),
        sa.Column('review_on', sa.Date(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
    )
    op.create_table(
        'record_version',
        sa.Column('id', sa.String(length=32), primary_key=True),
        sa.Column('meeting_id', sa.String(length=32), sa.ForeignKey('meeting.id'), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.Column('changes', sa.Text(), nullable=False),
        sa.Column('issued_at', sa.DateTime(), nullable=False),
        sa.UniqueConstraint('meeting_id', 'number', name='uq_record_version_number'),
    )
    op.create_index('ix_record_version_meeting_id', 'record_version', ['meeting_id'])
    op.create_table(
        'record_correction',
        sa.Column('id', sa.String(length=32), primary_key=True),
        sa.Column('meeting_id', sa.String(length=32), sa.ForeignKey('meeting.id'), nullable=False),
        sa.Column('participant_id', sa.String(length=32), sa.ForeignKey('participant.id'), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('words', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('answer', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
    )
    op.create_index('ix_record_correction_meeting_id', 'record_correction', ['meeting_id'])
    op.create_table(
        'feedback_given',
        sa.Column('meeting_id', sa.String(length=32), sa.ForeignKey('meeting.id'), primary_key=True),
        sa.Column('participant_id', sa.String(length=32), sa.ForeignKey('participant.id'), primary_key=True),
    )
    op.create_table(
        'feedback_answer',
        sa.Column('id', sa.String(length=32), primary_key=True),
        sa.Column('meeting_id', sa.String(length=32), sa.ForeignKey('meeting.id'), nullable=False),
        sa.Column('worked', sa.Text(), nullable=False),
        sa.Column('worried', sa.Text(), nullable=False),
        sa.Column('better', sa.Text(), nullable=False),
        sa.Column('listened', sa.Integer(), nullable=True),
    )
    op.create_index('ix_feedback_answer_meeting_id', 'feedback_answer', ['meeting_id'])


def downgrade() -> None:
    op.drop_table('feedback_answer')
    op.drop_table('feedback_given')
    op.drop_table('record_correction')
    op.drop_table('record_version')
    with op.batch_alter_table('meeting') as batch:
        batch.drop_column('agenda_since')
        batch.drop_column('agenda_step')
        batch.drop_column('agenda')
    op.drop_table('conference_plan')
    with op.batch_alter_table('decision') as batch:
        batch.drop_column('answer')
