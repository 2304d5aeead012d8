"""What needs staff's attention, for the start page after the login: queries only, no
commits (the view shows them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from voice.centres import Place
from voice.models import (
    Call,
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


@dataclass(frozen=True)
class Unclaimed:
    """Calls of the last days to a number no centre names (the default centre took them)."""

    number: str
    calls: int
    last: datetime


def soon(session: Session, now: datetime, tz: ZoneInfo, centre_id: int) -> list[Event]:
    """A centre's events of today and tomorrow (in local time) that are ahead or running."""
    local = now.astimezone(tz)
    day_after = (local + timedelta(days=2)).replace(hour=0, minute=0, second=0, microsecond=0)
    return list(
        session.scalars(
            select(Event)
            .where(
                Event.ends_at > now,
                Event.starts_at < day_after.astimezone(ZoneInfo("UTC")),
                Event.cancelled_at.is_(None),
                Event.centre_id == centre_id,
            )
            .order_by(Event.starts_at)
        )
    )


def new_messages(session: Session, centre_id: int) -> list[tuple[Message, str | None]]:
    """A centre's messages nobody has marked done, newest first, each with the caller's name
    if known."""
    rows = session.execute(
        select(Message, Resident.name)
        .outerjoin(Resident, Resident.id == Message.resident_id)
        .where(Message.done_at.is_(None), Message.centre_id == centre_id)
        .order_by(Message.created_at.desc())
        .limit(LIMIT)
    )
    return [(message, name) for message, name in rows]


def unreached(session: Session, now: datetime, centre_id: int) -> list[Reminder]:
    """Reminder calls of the last days, for a centre's events, that did not reach the
    resident."""
    return list(
        session.scalars(
            select(Reminder)
            .join(Reminder.registration)
            .join(Registration.event)
            .where(Reminder.state.in_(NOT_REACHED), Reminder.due_at > now - LOOK_BACK)
            .where(Event.ends_at > now - LOOK_BACK, Event.centre_id == centre_id)
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


def unclaimed(session: Session, now: datetime, claimed: Iterable[str]) -> list[Unclaimed]:
    """Numbers called in the last days that no centre names: a Twilio number nobody entered
    on the page „Zentren“ (its callers heard the default centre)."""
    rows = session.execute(
        select(Call.to_number, func.count(), func.max(Call.started_at))
        .where(
            Call.started_at > now - LOOK_BACK,
            Call.to_number != "",
            Call.to_number.not_in(list(claimed)),
        )
        .group_by(Call.to_number)
        .order_by(func.max(Call.started_at).desc())
        .limit(LIMIT)
    )
    return [Unclaimed(number, count, last) for number, count, last in rows]


CENTRES_PAGE = (
    "Auf der Seite „Zentren“ oder „Unser Zentrum“ (Menü „Mehr“; für die Verwaltung der Zentren)"
)


def missing_settings(config: Mapping[str, object], place: Place) -> list[MissingSetting]:
    """What is not set, for the whole service and for this centre, in plain words, each with
    where to set it."""
    missing = []
    if not place.public_number:
        missing.append(
            MissingSetting(
                "Die Telefonnummer für Flyer und Infobildschirm fehlt.",
                "Dort steht „Nummer folgt“.",
                f"{CENTRES_PAGE}: „Telefonnummer für Flyer und Infobildschirm“.",
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
    if not place.office_hours.openings:
        missing.append(
            MissingSetting(
                "Es sind keine Sprechzeiten eingestellt.",
                "Wer die 0 drückt, erreicht nie einen Menschen und kann nur eine Nachricht "
                "hinterlassen.",
                f"{CENTRES_PAGE}: „Sprechzeiten“, z. B. Mo-Fr 09:00-12:00.",
            )
        )
    elif not place.staff_number:
        missing.append(
            MissingSetting(
                "Für die Sprechzeiten ist keine Telefonnummer der Zentrale eingestellt.",
                "Wer in den Sprechzeiten die 0 drückt, kann nur eine Nachricht hinterlassen.",
                f"{CENTRES_PAGE}: „Telefonnummer der Zentrale für die Taste 0“.",
            )
        )
    return missing
