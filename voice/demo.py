"""Demo data relative to now, so that a fresh install has something to call about."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from voice.models import Announcement, BridgeKind, Event, utcnow

DEMO_ANNOUNCEMENT = "Willkommen beim Quartierstelefon"


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


def load_demo(session: Session, tz: ZoneInfo) -> None:
    """Create or refresh the demo events and announcement; safe to run again."""
    now = utcnow()
    for values in demo_events(now, tz):
        event = session.scalar(select(Event).where(Event.phone_code == values["phone_code"]))
        if event is None:
            event = Event(published=True)
            session.add(event)
        for key, value in values.items():
            setattr(event, key, value)
        event.cancelled_at = None
    announcement = session.scalar(
        select(Announcement).where(Announcement.title == DEMO_ANNOUNCEMENT)
    )
    if announcement is None:
        session.add(
            Announcement(
                title=DEMO_ANNOUNCEMENT,
                text="Ab sofort erreichen Sie die Treffen im Quartier auch mit dem Telefon. "
                "Sagen Sie es gerne Ihren Nachbarinnen und Nachbarn weiter!",
                valid_from=now - timedelta(days=1),
                valid_until=now + timedelta(days=30),
            )
        )
