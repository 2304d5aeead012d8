"""Dates and times as a person says them ("Dienstag, den 3. Dezember, um 18 Uhr")."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date


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
