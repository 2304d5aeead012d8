"""The texts of current data that calls speak: event titles, descriptions and dates,
announcements, names, office hours. The speech worker builds them when the data changes."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from voice.models import Announcement, Event, Resident
from voice.speech.dates import spoken_soon, spoken_time, spoken_when
from voice.speech.voice import Line


def describe_event(event: Event, now: datetime, tz: ZoneInfo) -> list[Line]:
    """How an event sounds in a call: when, what, and whether seats are left."""
    lines = [
        Line(
            "events.summary", {"when": spoken_when(event.starts_at, now, tz), "title": event.title}
        )
    ]
    if event.description.strip():
        lines.append(Line("events.description", {"text": event.description.strip()}))
    if event.starts_at <= now:
        lines.append(Line("events.running"))
    seats = event.seats_left
    if seats == 0:
        lines.append(Line("events.full"))
    elif seats == 1:
        lines.append(Line("events.one_seat_left"))
    elif seats is not None:
        lines.append(Line("events.seats_left", {"seats": seats}))
    return lines


def event_texts(event: Event, tz: ZoneInfo) -> set[str]:
    """Everything the call says about an event, in each form its date can take."""
    start = event.starts_at
    texts = {event.title.strip(), spoken_time(start, tz)}
    if event.description.strip():
        texts.add(event.description.strip())
    for days_before in (0, 1, 7):  # "heute, ...", "morgen, ...", the plain date
        texts.add(spoken_when(start, start - timedelta(days=days_before), tz))
    for days_before in (0, 1, 2, 7):  # the short forms: "am Donnerstag um ...", "am 3. ..."
        texts.add(spoken_soon(start, start - timedelta(days=days_before), tz))
    return texts


def current_texts(session: Session, now: datetime, tz: ZoneInfo, hours: str) -> set[str]:
    """The dynamic texts that calls may need from now on."""
    texts = {hours}
    events = session.scalars(select(Event).where(Event.ends_at > now, Event.cancelled_at.is_(None)))
    for event in events:
        texts |= event_texts(event, tz)
    announcements = session.scalars(
        select(Announcement.text).where(
            Announcement.text.is_not(None),
            or_(Announcement.valid_until.is_(None), Announcement.valid_until > now),
        )
    )
    texts.update(text.strip() for text in announcements if text and text.strip())
    names = session.scalars(select(Resident.name).where(Resident.name.is_not(None)))
    texts.update(name.strip() for name in names if name and name.strip())
    return {text for text in texts if text}
