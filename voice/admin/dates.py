"""Dates and times as German staff type them, read in one place for every admin form.

The fields are text boxes: „24.12.2026 18:00“, „24.12.26 18 Uhr“, „Do, 24.12. 18.30“,
„24.12.2026“, „18:00“, „morgen 18 Uhr“ and the ISO form a native picker sends
(„2026-12-24T18:00“) all work, in any browser, typed or pasted. (A `datetime-local` box
takes typing only in the order of the browser's language and sends nothing when it does
not understand: the text was lost.) dates.js adds the browser's own picker beside the box
where it can help. Times are local (the centre's TIMEZONE); the views turn them into UTC."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from wtforms import Field
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

SHOWN = "%d.%m.%Y %H:%M"
MIDNIGHT = time(0, 0)  # „ab 24.12.2026“: from the start of the day
END_OF_DAY = time(23, 59)  # „bis 24.12.2026“: the whole day
EXAMPLE = "24.12.2026 18:00"
WEEKDAY = r"(?:mo|di|mi|do|fr|sa|so)[a-z]*\.?,?\s*"  # „Do,“ or „Donnerstag“ before a date
ISO_DATE = r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
# A two-digit year follows the dot at once: „24.12. 18“ is 18 o'clock, not 2018.
GERMAN_DATE = r"(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.(?:\s?(?P<y>\d{4})|(?P<yy>\d{2}))?"
TIME = (
    r"(?:um\s)?(?P<H>\d{1,2})(?:[:.](?P<M>\d{2})(?::\d{2}(?:\.\d+)?)?)?"
    r"(?:\s?(?:uhr|h)(?:\s(?P<M2>\d{2}))?)?"
)
PATTERNS = [
    re.compile(rf"(?:{WEEKDAY})?{date_part}(?:(?:\s|t|,\s?)+{TIME})?")
    for date_part in (ISO_DATE, GERMAN_DATE)
] + [
    # „24.12 18:00“: the month's dot left out, which only a following time makes clear
    re.compile(rf"(?:{WEEKDAY})?(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})(?:\s|,\s?)+{TIME}"),
    re.compile(rf"(?P<w>heute|morgen|übermorgen)(?:(?:\s|,\s?)+{TIME})?"),
    re.compile(TIME),
]
DAYS_FROM_TODAY = {"heute": 0, "morgen": 1, "übermorgen": 2}


class NotADate(ValueError):
    """What was typed is not a date or a time; the message says so in German."""


@dataclass(frozen=True)
class Typed:
    """What a box held: a day, a time of day, or both."""

    day: date | None
    at: time | None


def read_moment(typed: str, today: date) -> Typed | None:
    """The day and time in what was typed; None when empty. A day without a year is the
    next such day from today on („24.12.“ in January is this Christmas)."""
    text = " ".join(typed.lower().split())
    if not text:
        return None
    for pattern in PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            parts = found.groupdict()
            day = _day(parts, today) if parts.get("d") else None
            if parts.get("w"):
                day = today + timedelta(days=DAYS_FROM_TODAY[parts["w"] or ""])
            return Typed(day, _time(parts) if parts["H"] else None)
    raise NotADate(
        f"„{typed.strip()}“ kann ich nicht als Datum lesen. Bitte so eintragen: {EXAMPLE}."
    )


def _day(parts: dict[str, str | None], today: date) -> date:
    day, month, year = int(parts["d"] or 0), int(parts["m"] or 0), parts.get("y") or parts.get("yy")
    number = int(year) + 2000 if year and len(year) == 2 else int(year or today.year)
    if not 2000 <= number <= 2100:
        raise NotADate(f"Bitte das Jahr prüfen: {number}.")
    try:
        found = date(number, month, day)
    except ValueError:
        raise NotADate(f"Den {day:02d}.{month:02d}.{number} gibt es nicht.") from None
    if year is None and found < today:
        return _day({**parts, "y": str(number + 1), "yy": None}, today)
    return found


def _time(parts: dict[str, str | None]) -> time:
    hour, minute = int(parts["H"] or 0), int(parts["M"] or parts["M2"] or 0)
    if hour > 23 or minute > 59:
        raise NotADate(f"Die Uhrzeit {hour:02d}:{minute:02d} gibt es nicht.")
    return time(hour, minute)


class LocalDateTimeField(Field):
    """A local date and time in a text box (read_moment), shown as „24.12.2026 18:00“.

    `date_only` is the time a day alone means (None: the time is asked for); a time alone
    is on the day of the field `same_day_as` (the event's start for its end), else today."""

    widget = TextInput()
    data: datetime | None

    def __init__(
        self,
        label: str | None = None,
        validators: Sequence[Any] | None = None,
        *,
        date_only: time | None = None,
        same_day_as: str | None = None,
        **kwargs: Any,
    ) -> None:
        render_kw = {
            "autocomplete": "off",
            "placeholder": "TT.MM.JJJJ HH:MM",
            "data-picker": "datetime",
            **kwargs.pop("render_kw", {}),
        }
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.date_only = date_only
        self.same_day_as = same_day_as
        self.typed: Typed | None = None
        self.problem: str | None = None

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.problem, self.typed, self.data = None, None, None
        if not valuelist:
            return
        try:
            self.typed = read_moment(str(valuelist[0]), _today())
        except NotADate as error:
            self.problem = str(error)

    def pre_validate(self, form: Any) -> None:
        if self.problem:
            raise StopValidation(self.problem)
        if self.typed is None:
            return
        day, at = self.typed.day, self.typed.at
        if day is None:
            other = form[self.same_day_as].data if self.same_day_as else None
            day = other.date() if isinstance(other, datetime) else _today()
        if at is None:
            if self.date_only is None:
                raise StopValidation(f"Bitte auch die Uhrzeit angeben, z. B. {EXAMPLE}.")
            at = self.date_only
        self.data = datetime.combine(day, at)

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return self.data.strftime(SHOWN) if isinstance(self.data, datetime) else ""


def _today() -> date:
    return datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()
