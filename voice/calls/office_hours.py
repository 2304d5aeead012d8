"""Office hours of the centre, from a setting like "Mo-Fr 09:00-12:00; Di,Do 14:00-17:00"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from voice.speech.dates import clock

DAYS = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
# Spoken forms, as in "montags bis freitags".
SPOKEN_DAYS = [
    "montags",
    "dienstags",
    "mittwochs",
    "donnerstags",
    "freitags",
    "samstags",
    "sonntags",
]
_PART = re.compile(
    r"^\s*(?P<days>[A-Za-z,\- ]+?)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$"
)


class OfficeHoursError(ValueError):
    """The OFFICE_HOURS setting cannot be read."""


@dataclass(frozen=True)
class Opening:
    days: tuple[int, ...]  # 0 = Monday
    start: time
    end: time
    spoken_days: str


@dataclass(frozen=True)
class OfficeHours:
    openings: tuple[Opening, ...]
    tz: ZoneInfo

    def open_at(self, moment: datetime) -> bool:
        """True when somebody is at the centre at that moment."""
        local = moment.astimezone(self.tz)
        return any(
            local.weekday() in o.days and o.start <= local.time() < o.end for o in self.openings
        )

    def spoken(self) -> str:
        """'montags bis freitags von 9 Uhr bis 12 Uhr und ...'."""
        parts = [
            f"{o.spoken_days} von {_clock(o.start)} bis {_clock(o.end)}" for o in self.openings
        ]
        return " und ".join(parts) if parts else "zu den Sprechzeiten"


def parse(setting: str, tz: ZoneInfo) -> OfficeHours:
    """Read the setting; an empty one means the centre has no office hours."""
    openings = []
    for part in filter(None, (p.strip() for p in setting.split(";"))):
        match = _PART.match(part)
        if not match:
            raise OfficeHoursError(
                f"OFFICE_HOURS: cannot read {part!r} (example: 'Mo-Fr 09:00-12:00')"
            )
        days, spoken = _days(match["days"].replace(" ", ""))
        start, end = _time(match["start"]), _time(match["end"])
        if start >= end:
            raise OfficeHoursError(f"OFFICE_HOURS: {part!r} ends before it starts")
        openings.append(Opening(days, start, end, spoken))
    return OfficeHours(tuple(openings), tz)


def _days(text: str) -> tuple[tuple[int, ...], str]:
    days: list[int] = []
    spoken: list[str] = []
    for item in text.split(","):
        if "-" in item:
            first, last = (_day(d) for d in item.split("-", 1))
            days.extend(range(first, last + 1))
            spoken.append(f"{SPOKEN_DAYS[first]} bis {SPOKEN_DAYS[last]}")
        else:
            days.append(_day(item))
            spoken.append(SPOKEN_DAYS[_day(item)])
    return tuple(days), " und ".join(spoken)


def _day(text: str) -> int:
    try:
        return DAYS.index(text[:1].upper() + text[1:2].lower())
    except ValueError:
        raise OfficeHoursError(
            f"OFFICE_HOURS: unknown weekday {text!r} (use Mo Di Mi Do Fr Sa So)"
        ) from None


def _time(text: str) -> time:
    hours, minutes = (int(x) for x in text.split(":"))
    if hours == 24 and minutes == 0:
        return time(23, 59, 59)
    try:
        return time(hours, minutes)
    except ValueError:
        raise OfficeHoursError(f"OFFICE_HOURS: {text!r} is not a time of day") from None


def _clock(moment: time) -> str:
    if moment.second == 59:  # "24:00", which _time() keeps as 23:59:59
        return "24 Uhr"
    return clock(moment)
