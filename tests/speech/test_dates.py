"""Times of day as a person says them: one function for the menus and the office hours."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from voice.centres.office_hours import parse
from voice.config import PROJECT_ROOT
from voice.speech.catalogue import CatalogueError, compare, load
from voice.speech.dates import (
    _ways,
    clock,
    register,
    spoken_days,
    spoken_soon,
    spoken_time,
    spoken_when,
)

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


WEDNESDAY = datetime(2026, 11, 25, 9, 0, tzinfo=ULM)  # the day before Thursday 26 November


@pytest.mark.parametrize(
    ("language", "today", "tomorrow", "later"),
    [
        (
            "de",
            "heute, um 20 Uhr 45",
            "morgen, Donnerstag, den 26. November, um 15 Uhr",
            "Donnerstag, den 3. Dezember, um 18 Uhr",
        ),
        (
            "en",
            "today at 8.45 pm",
            "tomorrow, Thursday 26 November at 3 pm",
            "Thursday 3 December at 6 pm",
        ),
        (
            "tr",
            "bugün saat 20.45",
            "yarın, 26 Kasım Perşembe, saat 15.00",
            "3 Aralık Perşembe, saat 18.00",
        ),
    ],
)
def test_a_date_in_each_language(language, today, tomorrow, later):
    def when(moment):
        return spoken_when(moment, WEDNESDAY, ULM, language=language)

    assert when(WEDNESDAY.replace(hour=20, minute=45)) == today
    assert when(datetime(2026, 11, 26, 15, tzinfo=ULM)) == tomorrow
    assert when(datetime(2026, 12, 3, 18, tzinfo=ULM)) == later


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "de",
            [
                "heute um 18 Uhr",
                "morgen um 18 Uhr",
                "am Samstag um 18 Uhr",
                "am 3. Dezember um 18 Uhr",
            ],
        ),
        (
            "en",
            ["today at 6 pm", "tomorrow at 6 pm", "on Saturday at 6 pm", "on 3 December at 6 pm"],
        ),
        (
            "tr",
            [
                "bugün saat 18.00",
                "yarın saat 18.00",
                "Cumartesi günü saat 18.00",
                "3 Aralık günü saat 18.00",
            ],
        ),
    ],
)
def test_the_short_form_in_each_language(language, said):
    days = [0, 1, 3, 8]
    moments = [WEDNESDAY.replace(hour=18) + timedelta(days=d) for d in days]
    assert [spoken_soon(m, WEDNESDAY, ULM, language=language) for m in moments] == said


@pytest.mark.parametrize(
    ("hour", "minute", "english", "turkish"),
    [
        (0, 0, "midnight", "0.00"),
        (9, 5, "9.05 am", "9.05"),
        (12, 0, "12 noon", "12.00"),
        (12, 30, "12.30 pm", "12.30"),
        (23, 0, "11 pm", "23.00"),
    ],
)
def test_times_of_day_in_english_and_turkish(hour, minute, english, turkish):
    assert clock(time(hour, minute), language="en") == english
    assert clock(time(hour, minute), language="tr") == turkish


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("de", ["einen Tag", "2 Tage", "eine Woche", "3 Wochen", "ein Jahr", "2 Jahre", "90 Tage"]),
        ("en", ["one day", "2 days", "one week", "3 weeks", "one year", "2 years", "90 days"]),
        ("tr", ["bir gün", "2 gün", "bir hafta", "3 hafta", "bir yıl", "2 yıl", "90 gün"]),
    ],
)
def test_periods_take_the_plural_form_of_their_count(language, said):
    catalogue = load(PROJECT_ROOT / "prompts" / f"{language}.toml")
    days = [1, 2, 7, 21, 365, 730, 90]
    assert [spoken_days(d, catalogue) for d in days] == said


def test_a_fourth_language_says_dates_and_office_hours_from_its_file_alone(tmp_path):
    # A made-up Dutch file: the Turkish one with its [dates] section said the Dutch way.
    text = (PROJECT_ROOT / "prompts" / "tr.toml").read_text()
    head, dates_section = text.split("\n[dates]\n")
    dutch = {
        "locale": '"nl_NL"',
        "date": '"EEEE d MMMM"',
        "at": '"om {time}"',
        "later": '"{date} {at}"',
        "on_the_hour": '"{hour}:00"',
        "clock": '"{hour}:{minute2}"',
        "office_days": '["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", '
        '"zaterdag", "zondag"]',
        "office_single": '"op {days}"',
        "office_and": '"en"',
        "office_hours": '"{days} van {start} tot {end}"',
    }
    lines = []
    for line in dates_section.splitlines():
        key = line.split(" = ", 1)[0]
        lines.append(f"{key} = {dutch[key]}" if key in dutch else line)
    path = tmp_path / "nl.toml"
    path.write_text(head + "\n[dates]\n" + "\n".join(lines) + "\n")
    catalogue = load(path)
    assert compare(load(PROJECT_ROOT / "prompts" / "de.toml"), catalogue, path) == []
    register(catalogue)
    try:
        start = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)  # a Thursday, 18:00 in Ulm
        assert spoken_when(start, start - timedelta(days=7), ULM, language="nl") == (
            "donderdag 3 december om 18:00"
        )
        hours = parse("Di,Do 14:00-17:30", ULM)
        assert hours.spoken("nl") == "op dinsdag en donderdag van 14:00 tot 17:30"
    finally:
        _ways.pop("nl", None)


def test_a_language_file_without_its_dates_is_refused(tmp_path):
    text = (PROJECT_ROOT / "prompts" / "en.toml").read_text().replace('am_pm = ["am", "pm"]\n', "")
    path = tmp_path / "sv.toml"
    path.write_text(text)
    problems = compare(load(PROJECT_ROOT / "prompts" / "de.toml"), load(path), path)
    assert problems == [f"{path}: dates.am_pm is missing (the reference has it)"]
    with pytest.raises(CatalogueError, match="dates.am_pm is missing"):
        register(load(path))
