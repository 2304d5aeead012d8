"""Dates and times as a person says them, in the call's language: "Dienstag, den 3. Dezember,
um 18 Uhr", "Tuesday 3 December at 6 pm", "3 Aralık Salı, saat 18.00".

Names of days and months come from Babel (CLDR) in the language's locale; how a time, the
words around a date and office hours are said is the `[dates]` section of the language's
catalogue, so a fourth language is its catalogue file and nothing else."""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date

from voice.config import PROJECT_ROOT
from voice.speech.catalogue import Catalogue, CatalogueError, load

# Units a length of time is said in, largest first: (days, plural prompt, up to how many).
# Weeks only up to four: "12 Wochen" is harder to picture than "84 Tage" is exact.
PERIOD_UNITS: list[tuple[int, str, int | None]] = [
    (365, "period.years", None),
    (7, "period.weeks", 28),
    (1, "period.days", None),
]
FALLBACK = "en"  # how a language without a [dates] section is spoken


@dataclass(frozen=True)
class Way:
    """How one language says dates, times and office hours (its catalogue's [dates])."""

    locale: str
    date: str  # a Babel pattern: weekday, day and month
    weekday: str  # a pattern for the weekday alone
    day_month: str  # a pattern for the day and month alone
    on_the_hour: str  # "{hour} Uhr", "{hour12} {ampm}"
    clock: str  # "{hour} Uhr {minute}", "{hour12}.{minute2} {ampm}"
    am_pm: tuple[str, ...]
    noon: str
    midnight: str
    end_of_day: str  # office hours until 24:00
    at: str  # "um {time}": a time of day in a sentence
    today: str  # "heute, {at}"
    tomorrow: str  # "morgen, {date}, {at}"
    later: str  # "{date}, {at}"
    soon_today: str  # short forms, "heute {at}", ...
    soon_tomorrow: str
    soon_week: str  # "am {weekday} {at}"
    soon_later: str  # "am {day_month} {at}"
    office_days: tuple[str, ...]  # weekdays named on their own, Monday first ("dienstags")
    office_firsts: tuple[str, ...]  # a range's first day ("pazartesiden")
    office_lasts: tuple[str, ...]  # a range's last day ("cumaya")
    office_single: str  # weekdays on their own, joined: "on {days}"
    office_range: str  # "{first} bis {last}"
    office_and: str  # "und"
    office_hours: str  # "{days} von {start} bis {end}"
    office_none: str  # no office hours set

    @classmethod
    def of(cls, catalogue: Catalogue) -> Way:
        """The way of a catalogue; CatalogueError where its [dates] section is incomplete."""
        values: dict[str, object] = {}
        for item in fields(cls):
            key = f"dates.{item.name}"
            if key not in catalogue.unspoken:
                raise CatalogueError(f"{catalogue.language}: {key} is missing")
            value = catalogue.unspoken[key]
            values[item.name] = tuple(value) if isinstance(value, list) else value
        return cls(**values)  # type: ignore[arg-type]

    def time_of_day(self, moment: time) -> str:
        """'18 Uhr 30', '6.30 pm', '18.30'; noon and midnight by their names."""
        if moment.minute == 0 and moment.hour in (0, 12):
            return self.midnight if moment.hour == 0 else self.noon
        values = {
            "hour": moment.hour,
            "hour12": moment.hour % 12 or 12,
            "minute": moment.minute,
            "minute2": f"{moment.minute:02d}",
            "ampm": self.am_pm[moment.hour >= 12],
        }
        pattern = self.on_the_hour if moment.minute == 0 else self.clock
        return pattern.format(**values).strip()


_ways: dict[str, Way] = {}


def register(catalogue: Catalogue) -> None:
    """Use this catalogue's [dates] for its language (the app's catalogues, at start)."""
    if any(key.startswith("dates.") for key in catalogue.unspoken):
        _ways[catalogue.language] = Way.of(catalogue)


@functools.cache
def _shipped(language: str) -> Way | None:
    path = PROJECT_ROOT / "prompts" / f"{language}.toml"
    return Way.of(load(path)) if path.is_file() else None


def way(language: str) -> Way:
    """How the language says dates: from the app's catalogue, else the shipped one, else
    English."""
    found = _ways.get(language) or _shipped(language)
    if found is None:
        found = _ways.get(FALLBACK) or _shipped(FALLBACK)
        assert found is not None, "prompts/en.toml has no [dates]"
    return found


def clock(moment: time, *, language: str = "de") -> str:
    """A time of day as said aloud: '18 Uhr 30', '6.30 pm', '18.30'."""
    return way(language).time_of_day(moment)


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
