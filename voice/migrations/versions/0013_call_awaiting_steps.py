"""calls.awaiting: the step webhooks a call's last reply offered

A key, a recording or a dial result acts only when the call's last reply offered its URL
(voice/calls/steps.py). Calls in progress during the upgrade have none yet: their next
request hears the menu they are in again, and goes on from there.

Revision ID: 0013
Revises: 0012_login_throttle
Create Date: 2026-11-26 05:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0013"
down_revision = "0012_login_throttle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("awaiting", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("awaiting")
