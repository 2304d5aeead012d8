"""centres: one installation serves several neighbourhood centres (issue 19)

Creates the first centre from today's settings (OFFICE_HOURS, STAFF_PHONE_NUMBER,
PUBLIC_PHONE_NUMBER) and gives it every existing event, announcement, message, staff prompt
recording and call; every existing account keeps its role there, administrators become
city-wide administrators. An installation with one centre behaves as before.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-26 13:10:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op


revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

OWNED = ("events", "announcements", "messages", "prompt_recordings", "calls")
FIRST_NAME = "Alter Eselsberg"  # the centre the first version was written for
FIRST_SLUG = "alter-eselsberg"


def _settings() -> dict[str, object]:
    """The running app's settings (init-db), else the environment's and .env's."""
    from flask import current_app, has_app_context

    if has_app_context():
        return dict(current_app.config)
    from voice.config import from_environment

    return from_environment()


def upgrade() -> None:
    centres = op.create_table(
        "centres",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("numbers", sa.String(length=300), server_default="", nullable=False),
        sa.Column("office_hours", sa.String(length=200), server_default="", nullable=False),
        sa.Column("staff_number", sa.String(length=32), server_default="", nullable=False),
        sa.Column("public_number", sa.String(length=40), server_default="", nullable=False),
        sa.Column("languages", sa.String(length=60), server_default="", nullable=False),
        sa.Column("is_default", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centres")),
        sa.UniqueConstraint("slug", name=op.f("uq_centres_slug")),
    )
    settings = _settings()
    op.bulk_insert(
        centres,
        [
            {
                "id": 1,
                "slug": FIRST_SLUG,
                "name": FIRST_NAME,
                "numbers": "",
                "office_hours": str(settings.get("OFFICE_HOURS") or ""),
                "staff_number": str(settings.get("STAFF_PHONE_NUMBER") or ""),
                "public_number": str(settings.get("PUBLIC_PHONE_NUMBER") or ""),
                "languages": "",
                "is_default": True,
                "created_at": datetime.now(UTC),
            }
        ],
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval('centres_id_seq', (SELECT max(id) FROM centres))")
    op.create_table(
        "centre_roles",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum("admin", "staff", "volunteer", name="role", native_enum=False, length=20),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["centres.id"],
            name=op.f("fk_centre_roles_centre_id_centres"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_centre_roles_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "centre_id", name=op.f("pk_centre_roles")),
    )
    with op.batch_alter_table("centre_roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_centre_roles_centre_id"), ["centre_id"], unique=False)
    op.execute("INSERT INTO centre_roles (user_id, centre_id, role) SELECT id, 1, role FROM users")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("city_admin", sa.Boolean(), server_default="0", nullable=False)
        )
    op.execute(
        sa.text("UPDATE users SET city_admin = :yes WHERE role = 'admin'").bindparams(yes=True)
    )
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("to_number", sa.String(length=32), server_default="", nullable=False)
        )
    for table in OWNED:
        # Existing rows belong to the first centre: added with it as the server default, which
        # is then dropped (new rows name their centre, or get the default centre's id).
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("centre_id", sa.Integer(), server_default="1", nullable=False)
            )
            batch_op.create_index(batch_op.f(f"ix_{table}_centre_id"), ["centre_id"], unique=False)
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_centre_id_centres"), "centres", ["centre_id"], ["id"]
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("centre_id", server_default=None)


def downgrade() -> None:
    for table in OWNED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_centre_id_centres"), type_="foreignkey"
            )
            batch_op.drop_index(batch_op.f(f"ix_{table}_centre_id"))
            batch_op.drop_column("centre_id")
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("to_number")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("city_admin")
    with op.batch_alter_table("centre_roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_centre_roles_centre_id"))
    op.drop_table("centre_roles")
    op.drop_table("centres")
