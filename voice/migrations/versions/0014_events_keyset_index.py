"""events: one index on (starts_at, id), the order every caller's list walks

A list menu finds the event after the one heard by its place (start, then id); with both in
one index the database reads that one row instead of sorting the upcoming events. It replaces
the index on starts_at alone, which it covers.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-26 07:10:00
"""

from alembic import op


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_starts_at")
        batch_op.create_index("ix_events_starts_at_id", ["starts_at", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_starts_at_id")
        batch_op.create_index("ix_events_starts_at", ["starts_at"], unique=False)
