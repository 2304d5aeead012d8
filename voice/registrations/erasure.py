"""Erasure of one resident (DSGVO Art. 17): every row about them, and every file.

Two steps, as in retention, so that a rolled-back transaction never loses audio and a
committed one never leaves a row pointing at nothing: `erase` removes the rows in the
caller's transaction and names what lies outside the database; the caller commits, and only
then `remove_outside` deletes the files and the phone provider's copies. A file that cannot
be deleted then is logged; retention's sweep of orphaned recordings takes it later."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from voice.models import (
    Call,
    MeetingEvent,
    MeetingParticipant,
    Recording,
    RecordingSource,
    RecordingState,
    Registration,
    Reminder,
    Resident,
    utcnow,
)
from voice.registrations import booking, traces
from voice.registrations.listings import ACTIVE
from voice.speech import shared as shared_audio
from voice.speech.store import AudioStore
from voice.telephony.base import Telephony

log = logging.getLogger(__name__)

ERASED = "gelöscht"  # what an erased caller's number reads as in the call log
# Twilio ends a call after four hours unless its TimeLimit was raised: a call older than this
# is over, even when no status callback said so.
LONGEST_CALL = timedelta(hours=4)


@dataclass
class Erased:
    """What `erase` removed from the database and what is left to remove outside it."""

    recordings: int = 0
    files: list[str] = field(default_factory=list)  # recordings in the audio store
    spoken: list[str] = field(default_factory=list)  # texts built as speech: the typed name
    # RecordingSid -> True when we fetched it (the provider deleted its copy then, if told to)
    at_provider: dict[str, bool] = field(default_factory=dict)


def erase(
    session: Session,
    person: Resident,
    now: datetime | None = None,
    store: AudioStore | None = None,
) -> Erased:
    """Remove everything about one person; their seats go to the waiting list first.

    The calls stay in the call log without number, person or choices (the statistics count
    them); a finished call also loses its CallSid, the key to the provider's own log."""
    now = now or utcnow()
    sids = traces.call_sids(session, person)
    for registration in session.scalars(
        select(Registration).where(
            Registration.resident_id == person.id, Registration.status.in_(ACTIVE)
        )
    ).all():
        booking.cancel(session, registration)
    found = traces.recordings(session, person, sids)
    erased = Erased(spoken=_spoken_name(session, person))
    for message in traces.messages(session, person, sids):
        session.delete(message)
    registrations = select(Registration.id).where(Registration.resident_id == person.id)
    session.execute(delete(Reminder).where(Reminder.registration_id.in_(registrations)))
    session.execute(delete(Registration).where(Registration.resident_id == person.id))
    session.execute(delete(MeetingParticipant).where(MeetingParticipant.call_sid.in_(sids)))
    session.execute(delete(MeetingEvent).where(MeetingEvent.call_sid.in_(sids)))
    _anonymise_calls(session, sids, now)
    session.delete(person)
    session.flush()
    _delete_recordings(session, found, erased)
    if store is not None:  # the typed name as speech, from every server
        shared_audio.forget(session, spoken_files(erased, store))
    return erased


def spoken_files(erased: Erased, store: AudioStore) -> list[str]:
    """The names of the files built from the person's typed name, by any engine."""
    return [store.key(text, engine) for text in erased.spoken for engine in store.engines]


def _spoken_name(session: Session, person: Resident) -> list[str]:
    """The typed name, built as speech for greetings, unless someone else has it too."""
    name = (person.name or "").strip()
    if not name:
        return []
    shared = session.scalar(
        select(Resident.id).where(Resident.name == person.name, Resident.id != person.id).limit(1)
    )
    return [] if shared is not None else [name]


def _anonymise_calls(session: Session, sids: list[str], now: datetime) -> None:
    session.execute(
        update(Call)
        .where(Call.call_sid.in_(sids))
        .values(from_number=ERASED, resident_id=None, choices={}, last_reply=None, last_token=None)
        .execution_options(synchronize_session="fetch")
    )
    # A call that may still be going on keeps its CallSid, so that the caller hears the menus
    # to the end; `forget_call_sids` takes it later. (Reminder calls never get an ended_at.)
    over = (Call.ended_at.is_not(None)) | (Call.started_at < now - LONGEST_CALL)
    for call in session.scalars(select(Call).where(Call.call_sid.in_(sids), over)):
        call.call_sid = f"{ERASED}-{uuid.uuid4().hex}"


def forget_call_sids(session: Session, now: datetime) -> int:
    """Take the CallSid from erased calls that were still going on at their erasure."""
    calls = session.scalars(
        select(Call).where(
            Call.from_number == ERASED,
            ~Call.call_sid.startswith(f"{ERASED}-"),
            Call.started_at < now - LONGEST_CALL,
        )
    ).all()
    for call in calls:
        call.call_sid = f"{ERASED}-{uuid.uuid4().hex}"
    return len(calls)


def _delete_recordings(session: Session, found: list[Recording], erased: Erased) -> None:
    """Delete the rows of the person's recordings that nothing else refers to."""
    kept = traces.in_use(session, [r.id for r in found])
    going = [r for r in found if r.id not in kept]
    names = {r.audio_name for r in going if r.audio_name}
    for recording in going:
        if recording.source is RecordingSource.PHONE and recording.sid:
            fetched = recording.state in (RecordingState.READY, RecordingState.REMOVED)
            erased.at_provider[recording.sid] = fetched
        session.delete(recording)
    session.flush()
    if names:  # the same file uploaded twice stays for the other row
        shared = set(
            session.scalars(
                select(Recording.audio_name).where(Recording.audio_name.in_(sorted(names)))
            )
        )
        erased.files = sorted(names - shared)
        shared_audio.forget(session, erased.files)  # from every server, with the erasure
    erased.recordings = len(going)


def remove_outside(
    erased: Erased,
    store: AudioStore | None,
    telephony: Telephony,
    *,
    provider_deleted_fetched: bool,
) -> list[str]:
    """Delete the files and the provider's copies `erase` named; only after its commit.

    Returns what could not be removed (each is logged; nothing is raised: the database is
    already right, and retention sweeps orphaned recording files)."""
    failed: list[str] = []
    if store is not None:
        paths = [store.path(name) for name in erased.files]
        for name in spoken_files(erased, store):
            paths += [store.path(name), store.path(name).with_suffix(".txt")]
        for path in paths:
            try:
                path.unlink(missing_ok=True)
            except OSError as error:
                log.error("erasure: could not delete %s: %s", path, error)
                failed.append(str(path))
    for sid, fetched in erased.at_provider.items():
        if fetched and provider_deleted_fetched:
            continue  # the provider's copy went when we fetched it
        try:
            telephony.delete_recording(sid)
        except Exception as error:  # the provider's answer must not undo a done erasure
            log.warning("erasure: the provider did not delete recording %s: %s", sid, error)
            failed.append(sid)
    return failed
