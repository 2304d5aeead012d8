"""events: titles and descriptions in the other languages a call speaks

Staff may type an event's title and description per language; the German ones stay in
`title` and `description`. Existing events have none: calls introduce the German text.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-26 10:45:00
"""

import sqlalchemy as sa
from alembic import op


revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("translations", sa.JSON(), server_default="{}", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("translations")
