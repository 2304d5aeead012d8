"""Retention: recordings leave our storage when their time is up, unless still in use.

Two steps, so that a rolled-back transaction never loses audio: `run` marks what goes and
names the files; the caller commits, and only then `delete_files` removes them."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from voice.models import (
    Announcement,
    Event,
    Message,
    PromptRecording,
    Recording,
    RecordingState,
    Registration,
    Resident,
)
from voice.registrations.listings import ACTIVE
from voice.speech.store import AudioStore

log = logging.getLogger(__name__)
UNKEPT = timedelta(days=1)  # a recording nobody kept (the caller recorded again)


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
    unkept: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # to delete once the transaction commits


def run(session: Session, periods: Periods, now: datetime) -> Removed:
    """Mark what is older than its period and no longer in use; returns what went.

    A fixed number of queries, however many recordings there are."""
    removed = Removed()
    forget: list[str] = []  # recording SIDs whose audio goes
    files: list[str | None] = []  # audio files that go
    for message in session.scalars(
        select(Message).where(
            Message.created_at < now - periods.messages, Message.recording_url != ""
        )
    ):
        forget.append(message.recording_sid)
        files.append(message.audio_name)
        message.audio_name, message.recording_url = None, ""
        removed.messages.append(message.id)
    future_booking = exists().where(
        Registration.resident_id == Resident.id,
        Registration.status.in_(ACTIVE),
        Registration.event_id == Event.id,
        Event.ends_at > now,
    )
    made = func.coalesce(Recording.created_at, Resident.created_at)  # when the name was recorded
    for resident in session.scalars(
        select(Resident)
        .outerjoin(Recording, Recording.sid == Resident.name_recording_sid)
        .where(
            Resident.name_recording_sid.is_not(None), ~future_booking, made < now - periods.names
        )
    ):
        forget.append(resident.name_recording_sid)
        files.append(resident.name_audio_name)
        resident.name_recording_sid = resident.name_recording_url = resident.name_audio_name = None
        removed.names.append(resident.id)
    for announcement in session.scalars(
        select(Announcement).where(
            Announcement.audio_url.is_not(None),
            Announcement.valid_until < now - periods.announcements,
        )
    ):
        files.append(announcement.audio_url.rsplit("/", 1)[-1].removesuffix(".wav"))
        if announcement.recording_sid:
            forget.append(announcement.recording_sid)
        announcement.audio_url, announcement.published = None, bool(announcement.text)
        removed.announcements.append(announcement.id)
    in_use = or_(
        *(
            exists().where(column == Recording.sid)
            for column in (
                Message.recording_sid,
                Resident.name_recording_sid,
                Announcement.recording_sid,
                PromptRecording.recording_sid,
            )
        )
    )
    unkept = session.scalars(
        select(Recording.sid).where(
            Recording.state == RecordingState.READY, Recording.created_at < now - UNKEPT, ~in_use
        )
    ).all()
    removed.unkept.extend(unkept)
    removed.files = _forget(session, [*forget, *unkept], files)
    session.flush()
    log.info(
        "retention: %s messages, %s names, %s announcements, %s unkept recordings removed",
        len(removed.messages),
        len(removed.names),
        len(removed.announcements),
        len(removed.unkept),
    )
    return removed


def _forget(session: Session, sids: list[str], files: list[str | None]) -> list[str]:
    """Mark the recordings (by SID) as removed; returns the audio files that go with them."""
    recordings = (
        session.scalars(select(Recording).where(Recording.sid.in_(sids))).all() if sids else []
    )
    names = sorted({*filter(None, files), *(r.audio_name for r in recordings if r.audio_name)})
    for recording in recordings:
        recording.state, recording.audio_name = RecordingState.REMOVED, None
    return names


def delete_files(store: AudioStore, names: list[str]) -> None:
    """Delete the audio files `run` named; call it only after its transaction committed."""
    for name in names:
        store.path(name).unlink(missing_ok=True)
