"""Everything we keep about one resident, for them to take away (DSGVO Art. 15 and 20): one
ZIP file with the data as JSON and every recording of their voice as audio.

It reads the same places as erasure (voice.registrations.traces), so that what staff can
hand out is what erasure removes."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from voice.models import Call, MeetingParticipant, Recording, Registration, Reminder, Resident
from voice.registrations import traces
from voice.speech import shared
from voice.speech.store import AudioStore

DATA = "daten.json"  # the name of the data inside the ZIP
AUDIO = "aufnahmen"  # the folder of the recordings inside the ZIP


def export(session: Session, person: Resident) -> dict[str, Any]:
    """Everything we keep about one person, as plain data (files named as in the ZIP)."""
    sids = traces.call_sids(session, person)
    return {
        "resident": {
            "phone": person.phone,
            "name": person.name,
            "language": person.language,
            "name_recording": person.name_recording_id,
            "created_at": _time(person.created_at),
            "consent_at": _time(person.consent_at),
        },
        "registrations": [_registration(session, r) for r in _registrations(session, person)],
        "messages": [
            {
                "kind": m.kind.value,
                "recording": m.recording_id,
                "recording_url": (m.recording.source_url or "") if m.recording else "",
                "duration": m.duration,
                "created_at": _time(m.created_at),
                "done_at": _time(m.done_at),
                "handled_by": m.handled_by,
            }
            for m in traces.messages(session, person, sids)
        ],
        "calls": [
            _call(c)
            for c in session.scalars(
                select(Call).where(Call.call_sid.in_(sids)).order_by(Call.started_at)
            )
        ],
        "meetings": [
            {
                "event": p.event_id,
                "shown_as": p.label,
                "joined_at": _time(p.joined_at),
                "left_at": _time(p.left_at),
            }
            for p in session.scalars(
                select(MeetingParticipant).where(MeetingParticipant.call_sid.in_(sids))
            )
        ],
        "recordings": [_recording(r) for r in traces.recordings(session, person, sids)],
    }


def export_zip(session: Session, person: Resident, store: AudioStore | None) -> bytes:
    """The export as a ZIP: the data as JSON, and each recording we hold as a WAV file."""
    data = export(session, person)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in data["recordings"]:
            path = shared.local(session, store, item["audio"]) if store and item["audio"] else None
            if path is not None:
                item["file"] = f"{AUDIO}/{item['id']}.wav"
                archive.write(path, item["file"])
            else:
                item["file"] = None  # not fetched yet, or its time was up
        archive.writestr(DATA, json.dumps(data, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _registrations(session: Session, person: Resident) -> list[Registration]:
    query = select(Registration).where(Registration.resident_id == person.id)
    return list(session.scalars(query.order_by(Registration.created_at, Registration.id)))


def _registration(session: Session, r: Registration) -> dict[str, Any]:
    reminders = session.scalars(select(Reminder).where(Reminder.registration_id == r.id))
    return {
        "event": r.event.title,
        "starts_at": _time(r.event.starts_at),
        "status": r.status.value,
        "wants_reminder": r.wants_reminder,
        "source": r.source,
        "created_at": _time(r.created_at),
        "reminder_calls": [
            {
                "kind": m.kind.value,
                "state": m.state.value,
                "due_at": _time(m.due_at),
                "attempts": m.attempts,
                "call": m.call_sid,
                "finished_at": _time(m.finished_at),
            }
            for m in reminders
        ],
    }


def _call(c: Call) -> dict[str, Any]:
    return {
        "call": c.call_sid,
        "number": c.from_number,
        "started_at": _time(c.started_at),
        "ended_at": _time(c.ended_at),
        "duration": c.duration,
        "status": c.status,
        "menus": list(c.choices.get("path", [])),
    }


def _recording(r: Recording) -> dict[str, Any]:
    return {
        "id": r.id,
        "purpose": r.purpose,
        "source": r.source.value,
        "state": r.state.value,
        "provider_id": r.sid,
        "provider_url": r.source_url,
        "call": r.call_sid,
        "created_at": _time(r.created_at),
        "fetched_at": _time(r.fetched_at),
        "audio": r.audio_name,
    }
