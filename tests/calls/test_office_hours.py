"""Reading OFFICE_HOURS and telling whether the centre is open."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from voice.centres.office_hours import OfficeHoursError, parse

ULM = ZoneInfo("Europe/Berlin")


def test_open_and_closed_moments():
    hours = parse("Mo-Fr 09:00-12:00; Di,Do 14:00-17:30", ULM)
    tuesday = datetime(2026, 12, 1, tzinfo=ULM)
    assert hours.open_at(tuesday.replace(hour=9))
    assert not hours.open_at(tuesday.replace(hour=12))
    assert hours.open_at(tuesday.replace(hour=17, minute=29))
    assert not hours.open_at(tuesday.replace(hour=17, minute=30))
    assert not hours.open_at(datetime(2026, 12, 2, 15, tzinfo=ULM))  # Mittwoch nachmittags
    assert not hours.open_at(datetime(2026, 12, 5, 10, tzinfo=ULM))  # Samstag
    assert hours.spoken() == (
        "montags bis freitags von 9 Uhr bis 12 Uhr und dienstags und donnerstags "
        "von 14 Uhr bis 17 Uhr 30"
    )


def test_whole_day_and_empty_setting():
    assert parse("Mo-So 00:00-24:00", ULM).open_at(datetime(2026, 12, 6, 23, 59, tzinfo=ULM))
    assert not parse("", ULM).open_at(datetime(2026, 12, 1, 10, tzinfo=ULM))


@pytest.mark.parametrize(
    ("setting", "complaint"),
    [
        ("Montag 9-12", "cannot read"),
        ("Xy 09:00-12:00", "unknown weekday"),
        ("Mo 12:00-09:00", "ends before it starts"),
        ("Mo 25:00-26:00", "not a time of day"),
    ],
)
def test_bad_settings_are_named(setting, complaint):
    with pytest.raises(OfficeHoursError, match=complaint):
        parse(setting, ULM)


def test_the_same_setting_in_each_language():
    hours = parse("Mo-Fr 09:00-12:00; Di,Do 14:00-17:30", ULM)
    assert hours.spoken("en") == (
        "Monday to Friday from 9 am to 12 noon and on Tuesdays and Thursdays from 2 pm to 5.30 pm"
    )
    assert hours.spoken("tr") == (
        "pazartesiden cumaya saat 9.00 ile 12.00 arası ve salı ve perşembe günleri "
        "saat 14.00 ile 17.30 arası"
    )


def test_midnight_and_no_hours_in_each_language():
    assert parse("Sa 20:00-24:00", ULM).spoken("en") == "on Saturdays from 8 pm to midnight"
    assert (
        parse("Sa 20:00-24:00", ULM).spoken("tr") == "cumartesi günleri saat 20.00 ile 24.00 arası"
    )
    assert parse("Mo-Mi,Fr,Sa 10:00-11:00", ULM).spoken("en") == (
        "Monday to Wednesday and on Fridays and Saturdays from 10 am to 11 am"
    )
    assert parse("", ULM).spoken("en") == "during our office hours"
    assert parse("", ULM).spoken("tr") == "çalışma saatlerimizde"
