"""Dates and times as a person says them, in the call's language: "Dienstag, den 3. Dezember,
um 18 Uhr", "Tuesday 3 December at 6 pm", "3 Aralık Salı, saat 18.00".

Names of days and months come from Babel (CLDR) in the language's locale; how a time and the
words around a date are said is written out per language below. A language without its own
entry here is spoken like English (a fourth language adds one entry)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date

from voice.speech.catalogue import Catalogue

# Units a length of time is said in, largest first: (days, plural prompt, up to how many).
# Weeks only up to four: "12 Wochen" is harder to picture than "84 Tage" is exact.
PERIOD_UNITS: list[tuple[int, str, int | None]] = [
    (365, "period.years", None),
    (7, "period.weeks", 28),
    (1, "period.days", None),
]


def _clock_de(moment: time) -> str:
    if moment.minute == 0:
        return f"{moment.hour} Uhr"
    return f"{moment.hour} Uhr {moment.minute}"


def _clock_en(moment: time) -> str:
    """'9 am', '8.45 pm', '12 noon', 'midnight': the British way, on the 12-hour clock."""
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "12 noon"
    hour = moment.hour % 12 or 12
    minutes = f".{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes} {'am' if moment.hour < 12 else 'pm'}"


def _clock_tr(moment: time) -> str:
    """'9.00', '20.45': as Turkish writes and says a time of day."""
    return f"{moment.hour}.{moment.minute:02d}"


@dataclass(frozen=True)
class Way:
    """How one language says dates and times around Babel's names of days and months."""

    locale: str
    clock: Callable[[time], str]
    date: str  # a Babel pattern: weekday, day and month
    weekday: str  # a pattern for the weekday alone
    day_month: str  # a pattern for the day and month alone
    at: str  # "um {time}": a time of day in a sentence
    today: str  # "heute, {at}"
    tomorrow: str  # "morgen, {date}, {at}"
    later: str  # "{date}, {at}"
    soon_today: str  # short forms, "heute {at}", ...
    soon_tomorrow: str
    soon_week: str  # "am {weekday} {at}"
    soon_later: str  # "am {day_month} {at}"


WAYS: dict[str, Way] = {
    "de": Way(
        locale="de_DE",
        clock=_clock_de,
        date="EEEE, 'den' d. MMMM",
        weekday="EEEE",
        day_month="d. MMMM",
        at="um {time}",
        today="heute, {at}",
        tomorrow="morgen, {date}, {at}",
        later="{date}, {at}",
        soon_today="heute {at}",
        soon_tomorrow="morgen {at}",
        soon_week="am {weekday} {at}",
        soon_later="am {day_month} {at}",
    ),
    "en": Way(
        locale="en_GB",
        clock=_clock_en,
        date="EEEE d MMMM",
        weekday="EEEE",
        day_month="d MMMM",
        at="at {time}",
        today="today {at}",
        tomorrow="tomorrow, {date} {at}",
        later="{date} {at}",
        soon_today="today {at}",
        soon_tomorrow="tomorrow {at}",
        soon_week="on {weekday} {at}",
        soon_later="on {day_month} {at}",
    ),
    # No case endings after a name or number: "günü" and "saat" carry the sentence.
    "tr": Way(
        locale="tr_TR",
        clock=_clock_tr,
        date="d MMMM EEEE",
        weekday="EEEE",
        day_month="d MMMM",
        at="saat {time}",
        today="bugün {at}",
        tomorrow="yarın, {date}, {at}",
        later="{date}, {at}",
        soon_today="bugün {at}",
        soon_tomorrow="yarın {at}",
        soon_week="{weekday} günü {at}",
        soon_later="{day_month} günü {at}",
    ),
}


def way(language: str) -> Way:
    """How the language says dates; English for a language without its own way yet."""
    return WAYS.get(language, WAYS["en"])


def clock(moment: time, *, language: str = "de") -> str:
    """A time of day as said aloud: '18 Uhr 30', '6.30 pm', '18.30'."""
    return way(language).clock(moment)


def spoken_time(moment: datetime, tz: ZoneInfo, *, language: str = "de") -> str:
    """'18 Uhr' or '18 Uhr 30' in local time ('6 pm', '18.00')."""
    return clock(moment.astimezone(tz).time(), language=language)


def _date(day: date, pattern: str, language: str) -> str:
    return format_date(day, pattern, locale=way(language).locale)


def spoken_date(moment: datetime, tz: ZoneInfo, *, language: str = "de") -> str:
    """'Dienstag, den 3. Dezember' in local time ('Tuesday 3 December', '3 Aralık Salı')."""
    return _date(moment.astimezone(tz).date(), way(language).date, language)


def spoken_when(moment: datetime, now: datetime, tz: ZoneInfo, *, language: str = "de") -> str:
    """Date and time, with 'heute' and 'morgen' where they help a listener."""
    words = way(language)
    day = moment.astimezone(tz).date()
    today = now.astimezone(tz).date()
    at = words.at.format(time=spoken_time(moment, tz, language=language))
    if day == today:
        return words.today.format(at=at)
    spoken = spoken_date(moment, tz, language=language)
    if day == today + timedelta(days=1):
        return words.tomorrow.format(date=spoken, at=at)
    return words.later.format(date=spoken, at=at)


def spoken_soon(moment: datetime, now: datetime, tz: ZoneInfo, *, language: str = "de") -> str:
    """Short, for a sentence that only points at an event: 'heute um 18 Uhr', 'morgen um
    15 Uhr', 'am Donnerstag um 15 Uhr' within the week, else 'am 3. Dezember um 18 Uhr'."""
    words = way(language)
    day = moment.astimezone(tz).date()
    ahead = (day - now.astimezone(tz).date()).days
    at = words.at.format(time=spoken_time(moment, tz, language=language))
    if ahead <= 0:
        return words.soon_today.format(at=at)
    if ahead == 1:
        return words.soon_tomorrow.format(at=at)
    if ahead < 7:
        return words.soon_week.format(weekday=_date(day, words.weekday, language), at=at)
    return words.soon_later.format(day_month=_date(day, words.day_month, language), at=at)


def spoken_days(days: int, catalogue: Catalogue) -> str:
    """A number of days as a listener pictures it, exactly: 'ein Jahr', '2 Wochen', '90 Tage'
    (the catalogue's plural forms, in its language)."""
    for size, prompt_id, up_to in PERIOD_UNITS:
        if days >= size and days % size == 0 and (up_to is None or days <= up_to):
            return catalogue.text(prompt_id, count=days // size)
    return catalogue.text("period.days", count=days)  # none at all: "0 Tage"
