"""one recordings row per recording, referenced by id

Messages, residents' names, announcements and prompt replacements kept copies of a
recording's SID, Twilio URL and file name (announcements a URL); now each refers to one
`recordings` row, which also holds uploads and browser recordings.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 02:20:00
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

OURS = re.compile(r"^/audio/([0-9a-z]{32})\.wav$")  # how announcements kept our own files

recordings = sa.table(
    "recordings",
    *(
        sa.column(name)
        for name in [
            "id",
            "source",
            "sid",
            "source_url",
            "purpose",
            "call_sid",
            "state",
            "attempts",
            "next_attempt_at",
            "audio_name",
            "created_at",
        ]
    ),
)
messages = sa.table(
    "messages",
    *(
        sa.column(n)
        for n in [
            "id",
            "recording_sid",
            "recording_url",
            "audio_name",
            "call_sid",
            "created_at",
            "recording_id",
        ]
    ),
)
residents = sa.table(
    "residents",
    *(
        sa.column(n)
        for n in [
            "id",
            "name_recording_sid",
            "name_recording_url",
            "name_audio_name",
            "created_at",
            "name_recording_id",
        ]
    ),
)
announcements = sa.table(
    "announcements",
    *(sa.column(n) for n in ["id", "audio_url", "recording_sid", "created_at", "recording_id"]),
)
prompts = sa.table(
    "prompt_recordings",
    *(
        sa.column(n)
        for n in ["id", "audio_name", "recording_sid", "source", "created_at", "recording_id"]
    ),
)

REFERENCES = [
    ("messages", "recording_id", True),
    ("residents", "name_recording_id", False),
    ("announcements", "recording_id", True),
    ("prompt_recordings", "recording_id", True),
]


def upgrade() -> None:
    with op.batch_alter_table("recordings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source", sa.String(length=20), server_default="phone", nullable=False)
        )
        batch_op.alter_column("sid", existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column("source_url", existing_type=sa.String(length=500), nullable=True)
    for table, column, _unique in REFERENCES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
    _move_into_recordings(op.get_bind())
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_constraint("uq_messages_recording_sid", type_="unique")
        batch_op.drop_column("recording_sid")
        batch_op.drop_column("recording_url")
        batch_op.drop_column("audio_name")
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.drop_column("name_recording_sid")
        batch_op.drop_column("name_recording_url")
        batch_op.drop_column("name_audio_name")
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.drop_constraint("uq_announcements_recording_sid", type_="unique")
        batch_op.drop_column("audio_url")
        batch_op.drop_column("recording_sid")
    with op.batch_alter_table("prompt_recordings", schema=None) as batch_op:
        batch_op.drop_constraint("uq_prompt_recordings_recording_sid", type_="unique")
        batch_op.drop_column("audio_name")
        batch_op.drop_column("recording_sid")
        batch_op.drop_column("source")
        batch_op.alter_column("recording_id", existing_type=sa.Integer(), nullable=False)
    for table, column, unique in REFERENCES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            if unique:
                batch_op.create_unique_constraint(f"uq_{table}_{column}", [column])
            batch_op.create_foreign_key(
                f"fk_{table}_{column}_recordings", "recordings", [column], ["id"]
            )


def _move_into_recordings(conn: sa.Connection) -> None:
    """Give every use of a recording the id of its one row (made here where there was none)."""
    by_sid: dict[str, int] = {
        row.sid: row.id for row in conn.execute(sa.select(recordings.c.sid, recordings.c.id))
    }

    def row_for(sid, url, name, purpose, created_at, source="phone", call_sid="") -> int:
        if sid and sid in by_sid:
            return by_sid[sid]
        state = "ready" if name or not sid else "recording"  # "recording": never said complete
        new_id: int = conn.execute(
            recordings.insert()
            .values(
                source=source,
                sid=sid,
                source_url=url,
                purpose=purpose,
                call_sid=call_sid or "",
                state=state,
                attempts=0,
                next_attempt_at=created_at,
                audio_name=name,
                created_at=created_at,
            )
            .returning(recordings.c.id)
        ).scalar_one()
        if sid:
            by_sid[sid] = new_id
        return new_id

    for m in conn.execute(sa.select(messages).where(messages.c.recording_url != "")).all():
        rid = row_for(
            m.recording_sid,
            m.recording_url,
            m.audio_name,
            "message",
            m.created_at,
            "phone",
            m.call_sid,
        )
        conn.execute(messages.update().where(messages.c.id == m.id).values(recording_id=rid))
    for r in conn.execute(
        sa.select(residents).where(residents.c.name_recording_sid.is_not(None))
    ).all():
        rid = row_for(
            r.name_recording_sid, r.name_recording_url, r.name_audio_name, "name", r.created_at
        )
        conn.execute(residents.update().where(residents.c.id == r.id).values(name_recording_id=rid))
    for a in conn.execute(sa.select(announcements).where(announcements.c.audio_url.is_not(None))):
        ours = OURS.match(a.audio_url or "")
        name, url = (ours.group(1), None) if ours else (None, a.audio_url)
        source = "phone" if a.recording_sid else "upload"
        rid = row_for(a.recording_sid, url, name, "announcement", a.created_at, source)
        conn.execute(
            announcements.update().where(announcements.c.id == a.id).values(recording_id=rid)
        )
    for p in conn.execute(sa.select(prompts)).all():
        source = "phone" if p.recording_sid else p.source
        rid = row_for(p.recording_sid, None, p.audio_name, "prompt", p.created_at, source)
        conn.execute(prompts.update().where(prompts.c.id == p.id).values(recording_id=rid))


def downgrade() -> None:
    for table, column, unique in REFERENCES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_{column}_recordings", type_="foreignkey")
            if unique:
                batch_op.drop_constraint(f"uq_{table}_{column}", type_="unique")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recording_sid", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("recording_url", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("audio_name", sa.String(length=64), nullable=True))
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_recording_sid", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("name_recording_url", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("name_audio_name", sa.String(length=64), nullable=True))
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("audio_url", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("recording_sid", sa.String(length=64), nullable=True))
    with op.batch_alter_table("prompt_recordings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("audio_name", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("recording_sid", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("source", sa.String(length=20), nullable=True))
    _copy_back(op.get_bind())
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.alter_column("recording_sid", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("recording_url", existing_type=sa.String(length=500), nullable=False)
        batch_op.create_unique_constraint("uq_messages_recording_sid", ["recording_sid"])
        batch_op.drop_column("recording_id")
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.drop_column("name_recording_id")
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_announcements_recording_sid", ["recording_sid"])
        batch_op.drop_column("recording_id")
    with op.batch_alter_table("prompt_recordings", schema=None) as batch_op:
        batch_op.alter_column("source", existing_type=sa.String(length=20), nullable=False)
        batch_op.create_unique_constraint("uq_prompt_recordings_recording_sid", ["recording_sid"])
        batch_op.drop_column("recording_id")
    conn = op.get_bind()
    conn.execute(recordings.delete().where(recordings.c.sid.is_(None)))  # uploads lived elsewhere
    with op.batch_alter_table("recordings", schema=None) as batch_op:
        batch_op.alter_column("source_url", existing_type=sa.String(length=500), nullable=False)
        batch_op.alter_column("sid", existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_column("source")


def _copy_back(conn: sa.Connection) -> None:
    """Copy each recording's SID, URL and file name back into the tables that use it."""
    rows = {row.id: row for row in conn.execute(sa.select(recordings))}
    for m in conn.execute(sa.select(messages)).all():
        r = rows.get(m.recording_id)
        conn.execute(
            messages.update()
            .where(messages.c.id == m.id)
            .values(
                recording_sid=r.sid if r else f"removed-{m.id}",
                recording_url=(r.source_url or "") if r else "",
                audio_name=r.audio_name if r else None,
            )
        )
    for p in conn.execute(sa.select(residents).where(residents.c.name_recording_id.is_not(None))):
        r = rows[p.name_recording_id]
        conn.execute(
            residents.update()
            .where(residents.c.id == p.id)
            .values(
                name_recording_sid=r.sid,
                name_recording_url=r.source_url,
                name_audio_name=r.audio_name,
            )
        )
    for a in conn.execute(
        sa.select(announcements).where(announcements.c.recording_id.is_not(None))
    ):
        r = rows[a.recording_id]
        url = f"/audio/{r.audio_name}.wav" if r.audio_name else r.source_url
        conn.execute(
            announcements.update()
            .where(announcements.c.id == a.id)
            .values(audio_url=url, recording_sid=r.sid)
        )
    for p in conn.execute(sa.select(prompts)).all():
        r = rows[p.recording_id]
        conn.execute(
            prompts.update()
            .where(prompts.c.id == p.id)
            .values(audio_name=r.audio_name, recording_sid=r.sid, source=r.source)
        )
