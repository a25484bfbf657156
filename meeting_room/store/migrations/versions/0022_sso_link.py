"""single sign-on: an account is bound to its council identity (issuer and subject), not only
to an email address, which a provider may let someone change or give to someone else

Revision ID: 0022
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'sso_link',
        sa.Column('issuer', sa.String(length=200), nullable=False),
        sa.Column('subject', sa.String(length=255), nullable=False),
        sa.Column('user_id', sa.String(length=32), nullable=False),
        sa.Column('linked_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('issuer', 'subject'),
    )
    op.create_index('ix_sso_link_user_id', 'sso_link', ['user_id'])


def downgrade() -> None:
    op.drop_index('ix_sso_link_user_id', table_name='sso_link')
    op.drop_table('sso_link')
