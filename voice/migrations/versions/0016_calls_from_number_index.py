"""calls: an index on from_number

A caller we do not know yet hears, from their second call on, the language they chose in their
last call from the same number (voice/calls/menus/language.py): one row of this index.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-26 11:45:00
"""

from alembic import op


revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.create_index("ix_calls_from_number", ["from_number"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_index("ix_calls_from_number")
