"""What needs staff's attention, for the start page after the login: queries only, no
commits (the view shows them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from voice.models import (
    Event,
    Message,
    Recording,
    RecordingState,
    Registration,
    Reminder,
    ReminderState,
    Resident,
)

LOOK_BACK = timedelta(days=3)  # failures older than this have been seen, or are too late
NOT_REACHED = (ReminderState.FAILED, ReminderState.NO_ANSWER, ReminderState.BUSY)
NOT_FETCHED = (RecordingState.FAILED, RecordingState.REFUSED)
LIMIT = 20


@dataclass(frozen=True)
class MissingSetting:
    """A setting the service works without, but worse: what it means, and where to set it."""

    what: str
    consequence: str
    where: str


def soon(session: Session, now: datetime, tz: ZoneInfo) -> list[Event]:
    """Today's and tomorrow's events (in the centre's time) that are still ahead or running."""
    local = now.astimezone(tz)
    day_after = (local + timedelta(days=2)).replace(hour=0, minute=0, second=0, microsecond=0)
    return list(
        session.scalars(
            select(Event)
            .where(
                Event.ends_at > now,
                Event.starts_at < day_after.astimezone(ZoneInfo("UTC")),
                Event.cancelled_at.is_(None),
            )
            .order_by(Event.starts_at)
        )
    )


def new_messages(session: Session) -> list[tuple[Message, str | None]]:
    """Messages nobody has marked done, newest first, each with the caller's name if known."""
    rows = session.execute(
        select(Message, Resident.name)
        .outerjoin(Resident, Resident.id == Message.resident_id)
        .where(Message.done_at.is_(None))
        .order_by(Message.created_at.desc())
        .limit(LIMIT)
    )
    return [(message, name) for message, name in rows]


def unreached(session: Session, now: datetime) -> list[Reminder]:
    """Reminder calls of the last days that did not reach the resident."""
    return list(
        session.scalars(
            select(Reminder)
            .join(Reminder.registration)
            .join(Registration.event)
            .where(Reminder.state.in_(NOT_REACHED), Reminder.due_at > now - LOOK_BACK)
            .where(Event.ends_at > now - LOOK_BACK)
            .order_by(Reminder.due_at.desc())
            .limit(LIMIT)
        )
    )


def unfetched(session: Session, now: datetime) -> list[Recording]:
    """Recordings of the last days that could not be fetched from the phone provider."""
    return list(
        session.scalars(
            select(Recording)
            .where(Recording.state.in_(NOT_FETCHED), Recording.created_at > now - LOOK_BACK)
            .order_by(Recording.created_at.desc())
            .limit(LIMIT)
        )
    )


def missing_settings(config: Mapping[str, object]) -> list[MissingSetting]:
    """Settings that are not made, in plain words, each with where to make it."""
    missing = []
    if not config["PUBLIC_PHONE_NUMBER"]:
        missing.append(
            MissingSetting(
                "Die Telefonnummer für Flyer und Infobildschirm fehlt.",
                "Dort steht „Nummer folgt“.",
                "In der Datei .env: PUBLIC_PHONE_NUMBER=0731 …, dann den Dienst neu starten.",
            )
        )
    if config["TELEPHONY_SIMULATED"]:
        missing.append(
            MissingSetting(
                "Es ist noch kein Twilio-Konto verbunden.",
                "Niemand kann von außen anrufen; es geht nur das Telefon zum Ausprobieren, "
                "und Erinnerungsanrufe gehen nicht hinaus.",
                "In der Datei .env: TWILIO_ACCOUNT_SID und TWILIO_AUTH_TOKEN aus dem "
                "Twilio-Konto (README, Abschnitt „Deployment“).",
            )
        )
    if not str(config["OFFICE_HOURS"]).strip():
        missing.append(
            MissingSetting(
                "Es sind keine Sprechzeiten eingestellt.",
                "Wer die 0 drückt, erreicht nie einen Menschen und kann nur eine Nachricht "
                "hinterlassen.",
                "In der Datei .env: OFFICE_HOURS=Mo-Fr 09:00-12:00, dann den Dienst neu starten.",
            )
        )
    elif not config["STAFF_PHONE_NUMBER"]:
        missing.append(
            MissingSetting(
                "Für die Sprechzeiten ist keine Telefonnummer der Zentrale eingestellt.",
                "Wer in den Sprechzeiten die 0 drückt, kann nur eine Nachricht hinterlassen.",
                "In der Datei .env: STAFF_PHONE_NUMBER=+49731…, dann den Dienst neu starten.",
            )
        )
    return missing
