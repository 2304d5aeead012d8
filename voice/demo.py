"""Demo data relative to now, so that a fresh install has something to call about: two
centres, each with its own number, events and news (the simulator dials either)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from voice.config import SIMULATOR_NUMBER
from voice.models import Announcement, BridgeKind, Centre, Event, utcnow

DEMO_ANNOUNCEMENT = "Willkommen beim Quartierstelefon"
WEST_ANNOUNCEMENT = "Neu in der Weststadt"
# The second centre: its own number (the simulator's, one higher), hours and staff number.
WEST = {
    "slug": "weststadt",
    "name": "Weststadt",
    "numbers": "+4973100000001",
    "office_hours": "Mo,Mi 10:00-12:00; Do 15:00-18:00",
    "staff_number": "+4973100000111",
    "public_number": "0731 000 000 01",
}


def _at(day: datetime, hour: int, tz: ZoneInfo) -> datetime:
    return datetime.combine(day.astimezone(tz).date(), time(hour), tz)


def demo_events(now: datetime, tz: ZoneInfo) -> list[dict[str, object]]:
    """The three demo events: one running now, one tomorrow, one next week with 2 seats."""
    # Started a little while ago, on a quarter hour, as real events do.
    quarter = now.replace(minute=now.minute // 15 * 15, second=0, microsecond=0)
    return [
        {
            "phone_code": "1001",
            "title": "Spieleabend",
            "description": "Wir spielen gemeinsam Stadt, Land, Fluss und andere Ratespiele.",
            "starts_at": quarter - timedelta(minutes=15),
            "ends_at": quarter + timedelta(hours=2),
            "capacity": 20,
            "bridge_kind": BridgeKind.CONFERENCE,
            "bridge_target": "",
        },
        {
            "phone_code": "1002",
            "title": "ErzählCafé",
            "description": "Bei Kaffee und Kuchen erzählen wir uns, wie der Eselsberg früher war.",
            "starts_at": _at(now + timedelta(days=1), 15, tz),
            "ends_at": _at(now + timedelta(days=1), 17, tz),
            "capacity": 12,
            "bridge_kind": BridgeKind.CONFERENCE,
            "bridge_target": "",
        },
        {
            "phone_code": "1003",
            "title": "Bewerbungstraining",
            "description": "Wir üben ein Vorstellungsgespräch, in Ruhe und ohne Druck.",
            "starts_at": _at(now + timedelta(days=7), 18, tz),
            "ends_at": _at(now + timedelta(days=7), 19, tz) + timedelta(minutes=30),
            "capacity": 2,
            "bridge_kind": BridgeKind.CONFERENCE,
            "bridge_target": "",
        },
    ]


def west_events(now: datetime, tz: ZoneInfo) -> list[dict[str, object]]:
    """The second centre's two events: a walk the day after tomorrow, a café next week."""
    return [
        {
            "phone_code": "2001",
            "title": "Spaziergang an der Blau",
            "description": "Wir gehen gemütlich an der Blau entlang und reden miteinander.",
            "starts_at": _at(now + timedelta(days=2), 10, tz),
            "ends_at": _at(now + timedelta(days=2), 12, tz),
            "capacity": 15,
            "bridge_kind": BridgeKind.CONFERENCE,
            "bridge_target": "",
        },
        {
            "phone_code": "2002",
            "title": "Nachbarschaftscafé",
            "description": "Wir lernen uns bei einer Tasse Tee kennen.",
            "starts_at": _at(now + timedelta(days=5), 16, tz),
            "ends_at": _at(now + timedelta(days=5), 18, tz),
            "capacity": 10,
            "bridge_kind": BridgeKind.CONFERENCE,
            "bridge_target": "",
        },
    ]


def load_demo(session: Session, tz: ZoneInfo) -> None:
    """Create or refresh the demo centres, events and announcements; safe to run again."""
    now = utcnow()
    first, west = _centres(session)
    for centre, values in [
        *((first, each) for each in demo_events(now, tz)),
        *((west, each) for each in west_events(now, tz)),
    ]:
        event = session.scalar(select(Event).where(Event.phone_code == values["phone_code"]))
        if event is None:
            event = Event(published=True)
            session.add(event)
        for key, value in values.items():
            setattr(event, key, value)
        event.centre_id, event.cancelled_at = centre.id, None
    _announce(
        session,
        first,
        DEMO_ANNOUNCEMENT,
        "Ab sofort erreichen Sie die Treffen im Quartier auch mit dem Telefon. "
        "Sagen Sie es gerne Ihren Nachbarinnen und Nachbarn weiter!",
    )
    _announce(
        session,
        west,
        WEST_ANNOUNCEMENT,
        "Auch die Weststadt hat jetzt ein Quartierstelefon. Rufen Sie uns gerne an!",
    )


def _centres(session: Session) -> tuple[Centre, Centre]:
    """The default centre (answering the simulator's number, unless it has numbers of its
    own) and the Weststadt, made once."""
    first = session.scalar(select(Centre).where(Centre.is_default.is_(True)))
    if first is None:  # the upgrade makes it; a database made otherwise gets one here
        first = Centre(slug="alter-eselsberg", name="Alter Eselsberg", is_default=True)
        session.add(first)
    if not (first.numbers or "").strip():
        first.numbers = SIMULATOR_NUMBER
    west = session.scalar(select(Centre).where(Centre.slug == WEST["slug"]))
    if west is None:
        west = Centre(**WEST, is_default=False)
        session.add(west)
    session.flush()
    return first, west


def _announce(session: Session, centre: Centre, title: str, text: str) -> None:
    """A demo announcement of the centre, valid for a month from yesterday (made once)."""
    if session.scalar(select(Announcement).where(Announcement.title == title)) is not None:
        return
    now = utcnow()
    session.add(
        Announcement(
            centre_id=centre.id,
            title=title,
            text=text,
            valid_from=now - timedelta(days=1),
            valid_until=now + timedelta(days=30),
        )
    )
