"""Migrations move existing rows: a database in an older shape arrives in the new one intact."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.orm import Session

from tests.conftest import DATABASES
from voice import schema
from voice.models import (
    Announcement,
    Message,
    PromptRecording,
    Recording,
    RecordingSource,
    RecordingState,
    Resident,
    utcnow,
)
from voice.models.base import UTCDateTime

SCHEMA = "migration_test"  # on PostgreSQL: a schema of its own beside the suite's tables


@pytest.fixture(params=DATABASES)
def empty(request, tmp_path) -> Iterator[sa.Engine]:
    """An empty database of each kind."""
    if request.param == "sqlite":
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
        yield engine
        engine.dispose()
        return
    url = os.environ["TEST_DATABASE_URL"]
    admin = sa.create_engine(url)
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(sa.text(f"CREATE SCHEMA {SCHEMA}"))
    engine = sa.create_engine(url, connect_args={"options": f"-csearch_path={SCHEMA}"})
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {SCHEMA} CASCADE"))
    admin.dispose()


def _migrate(engine: sa.Engine, revision: str, down: bool = False) -> None:
    config = schema.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def _table(name: str, *columns: str) -> sa.TableClause:
    times = {"created_at", "next_attempt_at", "valid_from", "starts_at", "ends_at"}
    return sa.table(
        name,
        *(sa.column(c, UTCDateTime() if c in times else None) for c in (*columns, "created_at")),
    )


def _name(digit: str) -> str:
    return "r" + digit * 31


def _old_rows(engine: sa.Engine) -> None:
    """Rows as revision 0010 kept them: copies of SIDs, URLs and file names; a URL for news."""
    now = utcnow()
    recordings = _table(
        "recordings",
        *[
            "sid",
            "source_url",
            "purpose",
            "call_sid",
            "state",
            "attempts",
            "next_attempt_at",
            "audio_name",
        ],
    )
    row = {"call_sid": "CA1", "attempts": 0, "next_attempt_at": now, "created_at": now}
    messages = _table(
        "messages",
        *[
            "kind",
            "from_number",
            "call_sid",
            "recording_sid",
            "recording_url",
            "duration",
            "audio_name",
        ],
    )
    message = {"kind": "message", "from_number": "+49731", "call_sid": "CA1", "created_at": now}
    with engine.begin() as conn:
        conn.execute(
            recordings.insert(),
            [
                {**row, "sid": "RE-msg", "source_url": "https://t/msg", "purpose": "message"}
                | {"state": "ready", "audio_name": _name("1")},
                {**row, "sid": "RE-gone", "source_url": "https://t/gone", "purpose": "message"}
                | {"state": "removed", "audio_name": None},
                {**row, "sid": "RE-ann", "source_url": "https://t/ann", "purpose": "announcement"}
                | {"state": "ready", "audio_name": _name("3")},
                {**row, "sid": "RE-prompt", "source_url": "https://t/p", "purpose": "prompt"}
                | {"state": "pending", "audio_name": None},
            ],
        )
        conn.execute(
            messages.insert(),
            [
                {**message, "recording_sid": "RE-msg", "recording_url": "https://t/msg"}
                | {"duration": 4, "audio_name": _name("1")},
                {**message, "recording_sid": "RE-late", "recording_url": "https://t/late"}
                | {"duration": 2, "audio_name": None},  # Twilio never said it was complete
                {**message, "recording_sid": "RE-gone", "recording_url": ""}
                | {"duration": 3, "audio_name": None},  # retention took it
            ],
        )
        conn.execute(
            _table(
                "residents", "phone", "name_recording_sid", "name_recording_url", "language"
            ).insert(),
            [
                {"phone": "+4901", "name_recording_sid": "RE-name", "language": "de"}
                | {"name_recording_url": "https://t/name", "created_at": now - timedelta(days=3)},
                {"phone": "+4902", "name_recording_sid": None, "language": "de"}
                | {"name_recording_url": None, "created_at": now},
            ],
        )
        news = _table(
            "announcements",
            *["title", "text", "audio_url", "recording_sid", "valid_from", "published", "priority"],
        )
        base = {"valid_from": now, "published": True, "priority": 0, "created_at": now}
        conn.execute(
            news.insert(),
            [
                {**base, "title": "upload", "text": None, "recording_sid": None}
                | {"audio_url": f"/audio/{_name('2')}.wav"},
                {**base, "title": "phone", "text": None, "recording_sid": "RE-ann"}
                | {"audio_url": f"/audio/{_name('3')}.wav"},
                {**base, "title": "text", "text": "Hallo", "recording_sid": None}
                | {"audio_url": None},
            ],
        )
        prompts = _table(
            "prompt_recordings",
            *["language", "prompt_id", "audio_name", "recording_sid", "source", "active"],
        )
        base = {"language": "de", "prompt_id": "greeting.welcome", "created_at": now}
        conn.execute(
            prompts.insert(),
            [
                {**base, "audio_name": _name("4"), "recording_sid": None, "source": "browser"}
                | {"active": True},
                {**base, "audio_name": None, "recording_sid": "RE-prompt", "source": "phone"}
                | {"active": False},
            ],
        )


def test_0011_gives_every_use_of_a_recording_one_row(empty):
    _migrate(empty, "0010")
    _old_rows(empty)
    _migrate(empty, "head")
    with Session(empty) as session:
        kept, late, gone = session.scalars(sa.select(Message).order_by(Message.id)).all()
        assert (kept.recording.sid, kept.recording.audio_name) == ("RE-msg", _name("1"))
        assert kept.recording.state is RecordingState.READY and kept.duration == 4
        assert (late.recording.sid, late.recording.source_url) == ("RE-late", "https://t/late")
        assert late.recording.state is RecordingState.RECORDING  # not fetched before Twilio says
        assert gone.recording is None
        named, nameless = session.scalars(sa.select(Resident).order_by(Resident.id)).all()
        assert named.name_recording.sid == "RE-name" and named.is_known
        assert named.name_recording.created_at == named.created_at  # retention counts from here
        assert nameless.name_recording is None and not nameless.is_known
        upload, phoned, text = session.scalars(
            sa.select(Announcement).order_by(Announcement.id)
        ).all()
        assert upload.recording.source is RecordingSource.UPLOAD
        assert (upload.recording.audio_name, upload.recording.sid) == (_name("2"), None)
        assert phoned.recording.sid == "RE-ann" and phoned.recording.audio_name == _name("3")
        assert text.recording is None
        browser, by_phone = session.scalars(
            sa.select(PromptRecording).order_by(PromptRecording.id)
        ).all()
        assert browser.recording.source is RecordingSource.BROWSER
        assert browser.audio_name == _name("4") and browser.active
        assert by_phone.recording.sid == "RE-prompt" and by_phone.audio_name is None
        assert by_phone.recording.state is RecordingState.PENDING
        assert session.scalar(sa.select(sa.func.count()).select_from(Recording)) == 8


def test_0011_goes_back_to_copied_columns(empty):
    _migrate(empty, "0010")
    _old_rows(empty)
    _migrate(empty, "head")
    _migrate(empty, "0010", down=True)
    with empty.connect() as conn:
        messages = conn.execute(
            sa.text("SELECT recording_sid, recording_url, audio_name FROM messages ORDER BY id")
        ).all()
        news = conn.execute(
            sa.text("SELECT audio_url, recording_sid FROM announcements ORDER BY id")
        ).all()
    assert messages[0] == ("RE-msg", "https://t/msg", _name("1"))
    assert messages[1] == ("RE-late", "https://t/late", None)
    assert [tuple(n) for n in news] == [
        (f"/audio/{_name('2')}.wav", None),
        (f"/audio/{_name('3')}.wav", "RE-ann"),
        (None, None),
    ]


def test_0017_makes_the_first_centre_from_the_settings_and_gives_it_everything(empty, monkeypatch):
    """An installation of one centre upgrades: the centre takes today's settings, every row
    and every account; administrators become city-wide ones; going back works too."""
    monkeypatch.setenv("OFFICE_HOURS", "Mo 10:00-11:00")
    monkeypatch.setenv("STAFF_PHONE_NUMBER", "+49731555")
    monkeypatch.setenv("PUBLIC_PHONE_NUMBER", "0731 555")
    _migrate(empty, "0016")
    now = utcnow()
    event = {"description": "", "seats_taken": 0, "published": True, "bridge_target": ""}
    event |= {"starts_at": now, "ends_at": now, "bridge_kind": "conference"}
    event |= {"remind_minutes": 10, "remind_day_before": False}
    user = {"password_hash": "x", "failed_logins": 0, "created_at": now}
    with empty.begin() as conn:
        conn.execute(
            _table("events", "title", "phone_code", *event).insert(),
            [{**event, "title": "Spieleabend", "phone_code": "1234", "created_at": now}],
        )
        conn.execute(
            _table("users", "email", "name", "role", *user).insert(),
            [
                {**user, "email": "a@x", "name": "Anna", "role": "admin"},
                {**user, "email": "v@x", "name": "Volker", "role": "volunteer"},
            ],
        )
        calls = sa.table(
            "calls",
            *[sa.column(c) for c in ("call_sid", "from_number", "step", "choices")],
            *[sa.column(c) for c in ("silence_count", "status")],
            sa.column("started_at", UTCDateTime()),
        )
        call = {"call_sid": "CA1", "from_number": "+4901", "step": "main", "choices": "{}"}
        conn.execute(
            calls.insert(),
            [call | {"silence_count": 0, "status": "completed"} | {"started_at": now}],
        )
    _migrate(empty, "head")
    with empty.connect() as conn:
        centre = conn.execute(sa.text("SELECT * FROM centres")).mappings().one()
        assert (centre["slug"], centre["name"], centre["is_default"]) == (
            "alter-eselsberg",
            "Alter Eselsberg",
            True,
        )
        assert centre["office_hours"] == "Mo 10:00-11:00"
        assert (centre["staff_number"], centre["public_number"]) == ("+49731555", "0731 555")
        for table in ("events", "calls"):
            owners = conn.execute(sa.text(f"SELECT centre_id FROM {table}")).scalars().all()
            assert owners == [centre["id"]]
        roles = conn.execute(
            sa.text(
                "SELECT u.name, r.role, r.centre_id, u.city_admin FROM users u"
                " JOIN centre_roles r ON r.user_id = u.id ORDER BY u.name"
            )
        ).all()
        assert [tuple(row) for row in roles] == [
            ("Anna", "admin", centre["id"], True),
            ("Volker", "volunteer", centre["id"], False),
        ]
    _migrate(empty, "0016", down=True)
    with empty.connect() as conn:
        assert "centres" not in sa.inspect(conn).get_table_names()
        assert conn.execute(sa.text("SELECT title FROM events")).scalars().all() == ["Spieleabend"]


def test_0018_moves_this_servers_recordings_into_the_database(empty, tmp_path, monkeypatch):
    """Every recording file in AUDIO_DIR goes into `audio_files`, for every server; a row
    whose file is not here is left (`flask recordings share` on the server that has it)."""
    _migrate(empty, "0017")
    monkeypatch.setenv("AUDIO_DIR", str(tmp_path / "audio"))
    built = tmp_path / "audio" / "built"
    built.mkdir(parents=True)
    (built / f"{_name('4')}.wav").write_bytes(b"RIFF-an-old-voice")
    columns = ("purpose", "state", "audio_name", "call_sid", "attempts", "next_attempt_at")
    with empty.begin() as conn:
        conn.execute(
            _table("recordings", *columns).insert(),
            [
                {
                    "purpose": "name",
                    "state": "ready",
                    "audio_name": _name(digit),
                    "call_sid": "",
                    "attempts": 0,
                    "next_attempt_at": utcnow(),
                    "created_at": utcnow(),
                }
                for digit in ("4", "4", "5")  # the same file twice; one file elsewhere
            ],
        )
    _migrate(empty, "0018")
    with empty.connect() as conn:
        stored = conn.execute(sa.text("SELECT name, data FROM audio_files")).all()
        version = conn.execute(sa.text("SELECT version FROM cache_version")).scalar_one()
    assert [(name, bytes(data)) for name, data in stored] == [(_name("4"), b"RIFF-an-old-voice")]
    assert version == 0
    _migrate(empty, "0017", down=True)
    assert "audio_files" not in sa.inspect(empty).get_table_names()
