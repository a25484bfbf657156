"""an index on an item's meeting and position: the next position of a new item (the largest in
its meeting, plus one) is found without reading every item of the meeting (issue 28)

Revision ID: 0021
Revises: 0020
"""
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_item_meeting_position', 'item', ['meeting_id', 'position'])


def downgrade() -> None:
    op.drop_index('ix_item_meeting_position', table_name='item')
