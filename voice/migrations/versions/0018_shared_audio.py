"""shared audio: recordings in the database, one version for what processes keep (issue 19)

Several app servers share one database and nothing else: every recording (residents' names
and messages, announcements, staff prompt recordings, uploads) moves into `audio_files`,
copied from this server's AUDIO_DIR; each server keeps a copy there and fetches a missing one.
`cache_version` is raised by every change to what a process keeps (staff recordings, staff
numbers, centres), so that processes on other servers read it again. A recording whose file
is not in this AUDIO_DIR can be copied later with `flask recordings share`.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-26 13:20:00
"""

import os
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def _audio_dir() -> Path:
    """The running app's AUDIO_DIR (init-db), else the environment's, else the default."""
    from flask import current_app, has_app_context

    if has_app_context():
        return Path(current_app.config["AUDIO_DIR"])
    from voice.config import PROJECT_ROOT, from_environment

    configured = from_environment().get("AUDIO_DIR")
    return Path(configured) if configured else PROJECT_ROOT / "instance" / "audio"


def upgrade() -> None:
    files = op.create_table(
        "audio_files",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_audio_files")),
    )
    version = op.create_table(
        "cache_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cache_version")),
    )
    op.bulk_insert(version, [{"id": 1, "version": 0}])
    bind = op.get_bind()
    names = bind.execute(
        sa.text("SELECT DISTINCT audio_name FROM recordings WHERE audio_name IS NOT NULL")
    ).scalars()
    built = _audio_dir() / "built"
    now = datetime.now(UTC)
    for name in sorted(names):
        path = built / f"{name}.wav"
        if os.path.isfile(path):  # one at a time: recordings may be many and long
            op.bulk_insert(files, [{"name": name, "data": path.read_bytes(), "created_at": now}])


def downgrade() -> None:
    op.drop_table("cache_version")
    op.drop_table("audio_files")
