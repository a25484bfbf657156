"""limits shared by every app process: counters, and open live connections

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'limit_counter',
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('window_no', sa.BigInteger(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('previous', sa.Integer(), nullable=False),
        sa.Column('touched_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    op.create_index('ix_limit_counter_touched_at', 'limit_counter', ['touched_at'])
    op.create_table(
        'live_socket',
        sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('process', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_live_socket_key', 'live_socket', ['key'])
    op.create_index('ix_live_socket_process', 'live_socket', ['process'])
    op.create_index('ix_live_socket_expires_at', 'live_socket', ['expires_at'])


def downgrade() -> None:
    op.drop_index('ix_live_socket_expires_at', 'live_socket')
    op.drop_index('ix_live_socket_process', 'live_socket')
    op.drop_index('ix_live_socket_key', 'live_socket')
    op.drop_table('live_socket')
    op.drop_index('ix_limit_counter_touched_at', 'limit_counter')
    op.drop_table('limit_counter')
