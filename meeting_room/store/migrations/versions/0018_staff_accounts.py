"""staff accounts (issue 26): roles, deactivation and teams for accounts; teams for meetings;
single-use invitation and set-up links; two-step sign-in (authenticator app, recovery codes);
single sign-on under way (OpenID Connect state); legal holds that `purge` respects

The oldest account becomes an administrator (the first account always is), so that an existing
installation has someone to run the staff pages.

Revision ID: 0018
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'team',
        sa.Column('id', sa.String(32), primary_key=True),
        sa.Column('name', sa.String(80), nullable=False, unique=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
    )
    op.create_table(
        'staff_link',
        sa.Column('token_hash', sa.String(64), primary_key=True),
        sa.Column('purpose', sa.String(10), nullable=False),
        sa.Column('email', sa.String(254), nullable=False),
        sa.Column('roles', sa.String(40), nullable=False, server_default=''),
        sa.Column('team_id', sa.String(32), nullable=True),
        sa.Column('user_id', sa.String(32), nullable=True, index=True),
        sa.Column('created_by', sa.String(32), nullable=False, server_default=''),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
    )
    op.create_table(
        'recovery_code',
        sa.Column('code_hash', sa.String(64), primary_key=True),
        sa.Column('user_id', sa.String(32), nullable=False, index=True),
        sa.Column('used_at', sa.DateTime(), nullable=True),
    )
    op.create_table(
        'oidc_state',
        sa.Column('key', sa.String(200), primary_key=True),
        sa.Column('value', sa.Text(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False, index=True),
    )
    op.create_table(
        'legal_hold',
        sa.Column('case_id', sa.String(32), primary_key=True),
        sa.Column('reason', sa.String(300), nullable=False),
        sa.Column('placed_by', sa.String(32), nullable=False),
        sa.Column('placed_at', sa.DateTime(), nullable=False),
    )
    with op.batch_alter_table('user') as batch:
        batch.add_column(sa.Column('totp_secret', sa.String(64), nullable=True))
        batch.add_column(sa.Column('totp_pending', sa.String(64), nullable=True))
        batch.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('roles', sa.String(40), nullable=False, server_default='chair'))
        batch.add_column(sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch.add_column(sa.Column('team_id', sa.String(32), nullable=True))
    with op.batch_alter_table('meeting') as batch:
        batch.add_column(sa.Column('team_id', sa.String(32), nullable=True))
        batch.create_index('ix_meeting_team_id', ['team_id'])
    user = sa.table('user', sa.column('id'), sa.column('roles'), sa.column('created_at'))
    first = sa.select(user.c.id).order_by(user.c.created_at).limit(1).scalar_subquery()
    op.execute(user.update().where(user.c.id == first).values(roles='admin,chair'))


def downgrade() -> None:
    with op.batch_alter_table('meeting') as batch:
        batch.drop_index('ix_meeting_team_id')
        batch.drop_column('team_id')
    with op.batch_alter_table('user') as batch:
        batch.drop_column('team_id')
        batch.drop_column('active')
        batch.drop_column('roles')
        batch.drop_column('totp_last_step')
        batch.drop_column('totp_pending')
        batch.drop_column('totp_secret')
    op.drop_table('legal_hold')
    op.drop_table('oidc_state')
    op.drop_table('recovery_code')
    op.drop_table('staff_link')
    op.drop_table('team')
