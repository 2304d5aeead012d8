"""events: one index for a centre's events in the order callers hear them

A caller's list is one centre's events by start; with only an index on centre_id, SQLite took
it and sorted every event of the centre for each key press (latency grew with the number of
events). (centre_id, starts_at, id) reads the next event as one row, and covers centre_id alone.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-26 14:10:00
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_events_centre_id_starts_at_id", ["centre_id", "starts_at", "id"], unique=False
        )
        batch_op.drop_index("ix_events_centre_id")


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_centre_id", ["centre_id"], unique=False)
        batch_op.drop_index("ix_events_centre_id_starts_at_id")
