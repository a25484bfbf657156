"""scales

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('scale',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('meeting_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('question', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('ten', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('zero', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('prompt', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('about_item_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revealed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('scale', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scale_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('vote',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('scale_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('voter_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('on_behalf', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['scale_id'], ['scale.id'], ),
    sa.ForeignKeyConstraint(['voter_id'], ['participant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('scale_id', 'voter_id', 'on_behalf', name='uq_vote_voter')
    )
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_scale_id'), ['scale_id'], unique=False)

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('safety_threshold', sa.Integer(), nullable=False, server_default='1'))



def downgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('safety_threshold')

    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_scale_id'))

    op.drop_table('vote')
    with op.batch_alter_table('scale', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scale_meeting_id'))

    op.drop_table('scale')
