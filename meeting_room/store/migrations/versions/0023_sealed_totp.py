"""two-step sign-in: the authenticator app's secret is kept sealed (AES-GCM), which takes more room

Revision ID: 0023
Revises: 0022
"""
import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user') as batch:
        batch.alter_column('totp_secret', type_=sa.String(200), existing_type=sa.String(64), existing_nullable=True)
        batch.alter_column('totp_pending', type_=sa.String(200), existing_type=sa.String(64), existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('user') as batch:
        batch.alter_column('totp_pending', type_=sa.String(64), existing_type=sa.String(200), existing_nullable=True)
        batch.alter_column('totp_secret', type_=sa.String(64), existing_type=sa.String(200), existing_nullable=True)
