"""Times of day as a person says them: one function for the menus and the office hours."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from voice.calls.office_hours import parse
from voice.speech.dates import clock, spoken_time

ULM = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("hour", "minute", "said"),
    [(18, 0, "18 Uhr"), (18, 30, "18 Uhr 30"), (9, 5, "9 Uhr 5"), (0, 0, "0 Uhr")],
)
def test_clock_says_hours_and_minutes(hour, minute, said):
    assert clock(time(hour, minute)) == said


def test_an_event_time_is_said_in_the_centres_zone():
    winter = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)  # 18:30 in Ulm (CET)
    summer = datetime(2026, 7, 1, 7, 5, tzinfo=UTC)  # 9:05 in Ulm (CEST)
    assert spoken_time(winter, ULM) == clock(time(18, 30)) == "18 Uhr 30"
    assert spoken_time(summer, ULM) == "9 Uhr 5"


def test_office_hours_are_said_the_same_way():
    hours = parse("Sa 09:05-24:00", ULM)
    assert hours.spoken() == f"samstags von {clock(time(9, 5))} bis 24 Uhr"
    assert hours.spoken() == "samstags von 9 Uhr 5 bis 24 Uhr"
