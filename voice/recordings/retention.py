"""Retention: recordings leave our storage when their time is up, unless still in use."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from voice.calls.listings import ACTIVE
from voice.models import (
    Announcement,
    Event,
    Message,
    Recording,
    RecordingState,
    Registration,
    Resident,
)
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


def run(session: Session, store: AudioStore, periods: Periods, now: datetime) -> Removed:
    """Remove what is older than its period and no longer in use; returns what went."""
    removed = Removed()
    for message in session.scalars(
        select(Message).where(
            Message.created_at < now - periods.messages, Message.recording_url != ""
        )
    ):
        _forget(session, store, message.recording_sid, message.audio_name)
        message.audio_name, message.recording_url = None, ""
        removed.messages.append(message.id)
    future_booking = exists().where(
        Registration.resident_id == Resident.id,
        Registration.status.in_(ACTIVE),
        Registration.event_id == Event.id,
        Event.ends_at > now,
    )
    for resident in session.scalars(
        select(Resident).where(Resident.name_recording_sid.is_not(None), ~future_booking)
    ):
        made = session.scalar(
            select(Recording.created_at).where(Recording.sid == resident.name_recording_sid)
        )
        if (made or resident.created_at) < now - periods.names:
            _forget(session, store, resident.name_recording_sid, resident.name_audio_name)
            resident.name_recording_sid = resident.name_recording_url = resident.name_audio_name = (
                None
            )
            removed.names.append(resident.id)
    for announcement in session.scalars(
        select(Announcement).where(
            Announcement.audio_url.is_not(None),
            Announcement.valid_until < now - periods.announcements,
        )
    ):
        store.path(announcement.audio_url.rsplit("/", 1)[-1].removesuffix(".wav")).unlink(
            missing_ok=True
        )
        announcement.audio_url, announcement.published = None, bool(announcement.text)
        removed.announcements.append(announcement.id)
    for recording in session.scalars(
        select(Recording).where(
            Recording.state == RecordingState.READY, Recording.created_at < now - UNKEPT
        )
    ):
        in_use = session.scalar(
            select(exists().where(Message.recording_sid == recording.sid))
        ) or session.scalar(select(exists().where(Resident.name_recording_sid == recording.sid)))
        if not in_use:
            _forget(session, store, recording.sid, recording.audio_name)
            removed.unkept.append(recording.sid)
    session.flush()
    log.info(
        "retention: %s messages, %s names, %s announcements, %s unkept recordings removed",
        len(removed.messages),
        len(removed.names),
        len(removed.announcements),
        len(removed.unkept),
    )
    return removed


def _forget(session: Session, store: AudioStore, sid: str | None, audio_name: str | None) -> None:
    if audio_name:
        store.path(audio_name).unlink(missing_ok=True)
    recording = session.scalar(select(Recording).where(Recording.sid == sid)) if sid else None
    if recording is not None:
        if recording.audio_name:
            store.path(recording.audio_name).unlink(missing_ok=True)
        recording.state, recording.audio_name = RecordingState.REMOVED, None
