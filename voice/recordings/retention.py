"""Retention: recordings leave our storage when their time is up, unless still in use.

Two steps, so that a rolled-back transaction never loses audio: `run` marks what goes and
names the files; the caller commits, and only then `delete_files` removes them."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, and_, exists, or_, select, text
from sqlalchemy.orm import Session

from voice.models import (
    Announcement,
    AudioFile,
    Base,
    Event,
    Message,
    Recording,
    RecordingState,
    Registration,
    Resident,
)
from voice.registrations.listings import ACTIVE
from voice.speech import shared as shared_audio
from voice.speech.store import RECORDING_NAME, AudioStore

log = logging.getLogger(__name__)
UNKEPT = timedelta(days=1)  # a recording nobody kept (the caller recorded again)
ORPHAN_AGE = timedelta(hours=1)  # a recording file without a row, left for a fetch to commit


@dataclass(frozen=True)
class Periods:
    messages: timedelta
    names: timedelta
    announcements: timedelta


@dataclass
class Removed:
    messages: list[int] = field(default_factory=list)
    names: list[int] = field(default_factory=list)
    announcements: list[int] = field(default_factory=list)
    unkept: list[int] = field(default_factory=list)  # recordings nobody kept
    files: list[str] = field(default_factory=list)  # to delete once the transaction commits


RETENTION_LOCK = 190019  # a PostgreSQL advisory lock: one retention run at a time


def one_at_a_time(session: Session) -> None:
    """Wait until no other server runs retention, for the rest of this transaction; the
    second run then finds done what the first did. (SQLite: one server; writes take turns.)"""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RETENTION_LOCK})


def run(session: Session, periods: Periods, now: datetime) -> Removed:
    """Mark what is older than its period and no longer in use; returns what went.

    A fixed number of queries, however many recordings there are."""
    removed = Removed()
    dropped: list[int] = []  # recordings whose last use ended here
    for message in session.scalars(
        select(Message).where(
            Message.created_at < now - periods.messages, Message.recording_id.is_not(None)
        )
    ):
        assert message.recording_id is not None  # the query asked for one
        dropped.append(message.recording_id)
        message.recording = None
        removed.messages.append(message.id)
    future_booking = exists().where(
        Registration.resident_id == Resident.id,
        Registration.status.in_(ACTIVE),
        Registration.event_id == Event.id,
        Event.ends_at > now,
    )
    for resident in session.scalars(
        select(Resident)
        .join(Resident.name_recording)
        .where(~future_booking, Recording.created_at < now - periods.names)
    ):
        assert resident.name_recording_id is not None  # joined on it
        dropped.append(resident.name_recording_id)
        resident.name_recording = None
        removed.names.append(resident.id)
    for announcement in session.scalars(
        select(Announcement).where(
            Announcement.recording_id.is_not(None),
            Announcement.valid_until < now - periods.announcements,
        )
    ):
        assert announcement.recording_id is not None  # the query asked for one
        dropped.append(announcement.recording_id)
        announcement.recording, announcement.published = None, bool(announcement.text)
        removed.announcements.append(announcement.id)
    session.flush()
    removed.unkept, removed.files = _forget(session, dropped, now)
    log.info(
        "retention: %s messages, %s names, %s announcements, %s unkept recordings removed",
        len(removed.messages),
        len(removed.names),
        len(removed.announcements),
        len(removed.unkept),
    )
    return removed


def references() -> list[Column[Any]]:
    """Every column that refers to a recording, read from the models (none listed by hand)."""
    target = Recording.__table__.c.id
    return [
        key.parent
        for table in Base.metadata.tables.values()
        for key in table.foreign_keys
        if key.column is target
    ]


def _forget(session: Session, dropped: list[int], now: datetime) -> tuple[list[int], list[str]]:
    """Mark as removed what nothing uses: the recordings dropped now, and those nobody kept
    for a day. Returns the unkept ones' ids and the files to delete after the commit."""
    in_use = or_(*(exists().where(column == Recording.id) for column in references()))
    unkept = and_(Recording.state == RecordingState.READY, Recording.created_at < now - UNKEPT)
    going = session.scalars(
        select(Recording).where(
            Recording.state != RecordingState.REMOVED,
            ~in_use,
            or_(Recording.id.in_(dropped), unkept) if dropped else unkept,
        )
    ).all()
    names = {r.audio_name for r in going if r.audio_name}
    for recording in going:
        recording.state, recording.audio_name = RecordingState.REMOVED, None
    session.flush()
    if not names:
        return [r.id for r in going if r.id not in dropped], []
    shared = session.scalars(
        select(Recording.audio_name).where(Recording.audio_name.in_(sorted(names)))
    )
    files = sorted(names - set(shared))  # the same file uploaded twice stays for the other
    shared_audio.forget(session, files)  # from every server, with this transaction
    return [r.id for r in going if r.id not in dropped], files


def orphans(session: Session, store: AudioStore, now: datetime) -> list[str]:
    """Recording files no row names any more: an erasure or retention whose deletion failed
    after its commit, a fetch whose row was erased. Only files older than ORPHAN_AGE, so that
    a fetch saving its file just before its commit keeps it."""
    files = store.recordings()
    if not files:
        return []
    named = set(
        session.scalars(select(Recording.audio_name).where(Recording.audio_name.in_(sorted(files))))
    )
    before = (now - ORPHAN_AGE).timestamp()
    return sorted(name for name, mtime in files.items() if name not in named and mtime < before)


def unnamed_in_database(session: Session) -> list[str]:
    """Recordings in the database (`audio_files`) that no row names any more; deleted with
    the caller's transaction. Built prompts there are not recordings and stay."""
    unnamed = session.scalars(
        select(AudioFile.name).where(
            AudioFile.name.like("r%"),
            ~exists().where(Recording.audio_name == AudioFile.name),
        )
    )
    going = [name for name in unnamed if RECORDING_NAME.fullmatch(name)]
    shared_audio.forget(session, going)
    return going


def delete_files(store: AudioStore, names: list[str]) -> None:
    """Delete the audio files `run` named; call it only after its transaction committed."""
    for name in names:
        store.path(name).unlink(missing_ok=True)
