"""Dates and times as a person says them ("Dienstag, den 3. Dezember, um 18 Uhr")."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date

from voice.speech.catalogue import Catalogue

# Units a length of time is said in, largest first: (days, prompt for one, prompt for more).
# Weeks only up to four: "12 Wochen" is harder to picture than "84 Tage" is exact.
PERIOD_UNITS: list[tuple[int, str, str, int | None]] = [
    (365, "period.year", "period.years", None),
    (7, "period.week", "period.weeks", 28),
    (1, "period.day", "period.days", None),
]


def clock(moment: time) -> str:
    """A time of day as said aloud: '18 Uhr', '18 Uhr 30', '9 Uhr 5'."""
    if moment.minute == 0:
        return f"{moment.hour} Uhr"
    return f"{moment.hour} Uhr {moment.minute}"


def spoken_time(moment: datetime, tz: ZoneInfo) -> str:
    """'18 Uhr' or '18 Uhr 30' in local time."""
    return clock(moment.astimezone(tz).time())


def spoken_date(moment: datetime, tz: ZoneInfo) -> str:
    """'Dienstag, den 3. Dezember' in local time."""
    return format_date(moment.astimezone(tz).date(), "EEEE, 'den' d. MMMM", locale="de_DE")


def spoken_when(moment: datetime, now: datetime, tz: ZoneInfo) -> str:
    """Date and time, with 'heute' and 'morgen' where they help a listener."""
    day = moment.astimezone(tz).date()
    today = now.astimezone(tz).date()
    at = f"um {spoken_time(moment, tz)}"
    if day == today:
        return f"heute, {at}"
    if day == today + timedelta(days=1):
        return f"morgen, {spoken_date(moment, tz)}, {at}"
    return f"{spoken_date(moment, tz)}, {at}"


def spoken_soon(moment: datetime, now: datetime, tz: ZoneInfo) -> str:
    """Short, for a sentence that only points at an event: 'heute um 18 Uhr', 'morgen um
    15 Uhr', 'am Donnerstag um 15 Uhr' within the week, else 'am 3. Dezember um 18 Uhr'."""
    day = moment.astimezone(tz).date()
    ahead = (day - now.astimezone(tz).date()).days
    at = f"um {spoken_time(moment, tz)}"
    if ahead <= 0:
        return f"heute {at}"
    if ahead == 1:
        return f"morgen {at}"
    if ahead < 7:
        return f"am {format_date(day, 'EEEE', locale='de_DE')} {at}"
    return f"am {format_date(day, 'd. MMMM', locale='de_DE')} {at}"


def spoken_days(days: int, catalogue: Catalogue) -> str:
    """A number of days as a listener pictures it, exactly: 'ein Jahr', '2 Wochen', '90 Tage'."""
    for size, one, more, up_to in PERIOD_UNITS:
        if days >= size and days % size == 0 and (up_to is None or days <= up_to):
            count = days // size
            return catalogue.text(one) if count == 1 else catalogue.text(more, count=count)
    return catalogue.text("period.days", count=days)  # none at all: "0 Tage"
