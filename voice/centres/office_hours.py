"""Office hours of the centre, from a setting like "Mo-Fr 09:00-12:00; Di,Do 14:00-17:00"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from voice.speech.dates import Way, way

DAYS = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]  # as the OFFICE_HOURS setting names them
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
    spans: tuple[tuple[int, int], ...]  # as written: (first, last) weekday, each a range or one


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

    def spoken(self, language: str = "de") -> str:
        """'montags bis freitags von 9 Uhr bis 12 Uhr und ...', 'Monday to Friday from 9 am
        to 12 noon', 'pazartesiden cumaya saat 9.00 ile 12.00 arası'."""
        words = way(language)
        parts = [
            words.office_hours.format(
                days=_spoken_days(o.spans, words),
                start=_clock(o.start, words),
                end=_clock(o.end, words),
            )
            for o in self.openings
        ]
        return f" {words.office_and} ".join(parts) if parts else words.office_none


def _spoken_days(spans: tuple[tuple[int, int], ...], words: Way) -> str:
    """Ranges as "Monday to Friday"; single days next to each other named together, "on
    Tuesdays and Thursdays"."""
    and_ = f" {words.office_and} "
    parts: list[str] = []
    singles: list[str] = []
    for first, last in [*spans, (-1, -2)]:  # the end flushes the last single days
        if first == last:
            singles.append(words.office_days[first])
            continue
        if singles:
            parts.append(words.office_single.format(days=and_.join(singles)))
            singles = []
        if first >= 0:
            parts.append(
                words.office_range.format(
                    first=words.office_firsts[first], last=words.office_lasts[last]
                )
            )
    return and_.join(parts)


def parse(setting: str, tz: ZoneInfo) -> OfficeHours:
    """Read the setting; an empty one means the centre has no office hours."""
    openings = []
    for part in filter(None, (p.strip() for p in setting.split(";"))):
        match = _PART.match(part)
        if not match:
            raise OfficeHoursError(
                f"OFFICE_HOURS: cannot read {part!r} (example: 'Mo-Fr 09:00-12:00')"
            )
        days, spans = _days(match["days"].replace(" ", ""))
        start, end = _time(match["start"]), _time(match["end"])
        if start >= end:
            raise OfficeHoursError(f"OFFICE_HOURS: {part!r} ends before it starts")
        openings.append(Opening(days, start, end, spans))
    return OfficeHours(tuple(openings), tz)


def _days(text: str) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...]]:
    days: list[int] = []
    spans: list[tuple[int, int]] = []
    for item in text.split(","):
        if "-" in item:
            first, last = (_day(d) for d in item.split("-", 1))
            days.extend(range(first, last + 1))
            spans.append((first, last))
        else:
            days.append(_day(item))
            spans.append((_day(item), _day(item)))
    return tuple(days), tuple(spans)


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


def _clock(moment: time, words: Way) -> str:
    if moment.second == 59:  # "24:00", which _time() keeps as 23:59:59
        return words.end_of_day
    return words.time_of_day(moment)
