"""Creating, changing and cancelling events from the admin page. Services: no commits."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from voice.models import BridgeKind, Event, utcnow
from voice.registrations import booking
from voice.reminders import planner

SPOKEN_WORDS = 25  # more than this is hard to follow on the phone


class EventError(ValueError):
    """Input that cannot be saved; `field` names the form field it belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def to_utc(local: datetime, tz: ZoneInfo) -> datetime:
    """A date and time typed in Ulm, as an aware UTC datetime."""
    return local.replace(tzinfo=tz).astimezone(ZoneInfo("UTC"))


def to_local(moment: datetime, tz: ZoneInfo) -> datetime:
    """For a form field: local time without zone."""
    return moment.astimezone(tz).replace(tzinfo=None)


def free_code(session: Session) -> str:
    """An unused 4-digit event number."""
    taken = set(session.scalars(select(Event.phone_code)))
    for _ in range(1000):
        code = f"{secrets.randbelow(9000) + 1000}"
        if code not in taken:
            return code
    raise EventError("phone_code", "Es sind keine freien Nummern mehr da.")


def save(
    session: Session,
    event: Event,
    data: dict[str, Any],
    tz: ZoneInfo,
    translations: dict[str, dict[str, str]] | None = None,
) -> list[str]:
    """Apply the form's data to the event; returns warnings; EventError when it cannot be.

    `translations` are the titles and descriptions typed in the languages on the form
    ({"en": {"title": ..., "description": ...}}); those of languages not on it are kept."""
    other = session.scalar(
        select(Event).where(Event.phone_code == data["phone_code"], Event.id != (event.id or 0))
    )
    if other is not None:
        raise EventError("phone_code", f"Diese Nummer hat schon „{other.title}“.")
    capacity = data["capacity"]
    if capacity is not None and event.id is not None and capacity < event.seats_taken:
        raise EventError(
            "capacity",
            f"Es sind schon {event.seats_taken} Plätze vergeben. Melden Sie zuerst jemanden ab.",
        )
    event.title = data["title"].strip()
    event.description = (data["description"] or "").strip()
    event.starts_at = to_utc(data["starts_at"], tz)
    event.ends_at = to_utc(data["ends_at"], tz)
    event.capacity = capacity
    event.published = bool(data["published"])
    event.phone_code = data["phone_code"]
    event.pin = data["pin"] or None
    event.remind_minutes = data["remind_minutes"]
    event.remind_day_before = bool(data["remind_day_before"])
    _apply_bridge(event, data)
    if translations is not None:
        event.translations = _merged(event.translations or {}, translations, data)
    session.add(event)
    session.flush()
    booking.fill_free_seats(session, event.id)  # more seats: the waiting list moves up
    return _long_descriptions(event)


def _merged(
    kept: dict[str, dict[str, str]], typed: dict[str, dict[str, str]], data: dict[str, Any]
) -> dict[str, dict[str, str]]:
    """A new dict (so the JSON column is written): the languages on the form as typed, the
    others (a catalogue taken away for a while) as they were."""
    on_form = {key.removeprefix("title_") for key in data if key.startswith("title_")}
    merged = {code: texts for code, texts in kept.items() if code not in on_form}
    return merged | {code: dict(texts) for code, texts in typed.items()}


def _long_descriptions(event: Event) -> list[str]:
    """A warning for each description (German or another language) too long for the phone."""
    warnings = []
    texts = [("", event.description)]
    typed = (event.translations or {}).items()
    texts += [(f" ({code})", t.get("description", "")) for code, t in typed]
    for language, text in texts:
        words = len(text.split())
        if words > SPOKEN_WORDS:
            warnings.append(
                f"Die Beschreibung{language} hat {words} Wörter. "
                f"Am Telefon sind bis zu {SPOKEN_WORDS} angenehm."
            )
    return warnings


def _apply_bridge(event: Event, data: dict[str, Any]) -> None:
    """The fields of the chosen kind of meeting; those of the other kinds (hidden on the
    form, perhaps filled in before the kind was changed) are not kept."""
    kind = event.bridge_kind = BridgeKind(data["bridge_kind"])
    sip, phone = kind is BridgeKind.SIP, kind is BridgeKind.PHONE
    target = data.get("sip_address") if sip else data.get("dial_number") if phone else ""
    event.bridge_target = (target or "").strip()
    event.bridge_room = ((data.get("bridge_room") or "").strip() or None) if sip else None
    event.bridge_digits = (data.get("bridge_digits") or None) if phone else None
    conference = kind is BridgeKind.CONFERENCE
    event.wait_for_host = conference and bool(data.get("wait_for_host"))
    event.end_with_host = conference and bool(data.get("end_with_host"))


def cancel(session: Session, event: Event) -> int:
    """Cancel the event: it leaves the phone menu; its registrations stay, marked by it, and
    everyone who asked for reminders gets a call saying so. Returns how many will be called."""
    if event.cancelled_at is not None:
        return 0
    event.cancelled_at = utcnow()
    session.flush()
    return planner.plan_cancellation(session, event, event.cancelled_at)
