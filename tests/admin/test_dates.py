"""Dates and times typed into the admin's forms as German staff type them
(voice/admin/dates.py): read in one place, named in German, nothing typed lost."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.accounts import csrf_token
from tests.admin.test_events import _form
from voice.admin.dates import NotADate, Typed, read_moment
from voice.models import Announcement, Event

TODAY = date(2026, 11, 26)
XMAS = date(2026, 12, 24)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("typed", "day", "at"),
    [
        ("24.12.2026 18:00", XMAS, time(18)),
        ("24.12.26 18 Uhr", XMAS, time(18)),
        (" 24.12.2026   18.30 ", XMAS, time(18, 30)),
        ("24.12.2026, 18:30 Uhr", XMAS, time(18, 30)),
        ("24.12.2026 um 18 Uhr", XMAS, time(18)),
        ("Do, 24.12. 18.30", XMAS, time(18, 30)),
        ("Donnerstag, 24.12.2026 18:00", XMAS, time(18)),
        ("24.12 18:00", XMAS, time(18)),
        ("24.12. 18", XMAS, time(18)),  # 18 o'clock, not the year 2018
        ("2026-12-24T18:00", XMAS, time(18)),  # what a native picker sends
        ("2026-12-24T18:00:00", XMAS, time(18)),
        ("2026-12-24 18:00", XMAS, time(18)),
        ("24.12.2026", XMAS, None),
        ("24.12.", XMAS, None),
        ("10.01.", date(2027, 1, 10), None),  # the next 10 January
        ("18.00", None, time(18)),
        ("18:00", None, time(18)),
        ("18 Uhr 30", None, time(18, 30)),
        ("morgen 18 Uhr", date(2026, 11, 27), time(18)),
        ("heute", TODAY, None),
    ],
)
def test_what_staff_type_is_read(typed, day, at):
    assert read_moment(typed, TODAY) == Typed(day, at)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("am Abend", "„am Abend“ kann ich nicht als Datum lesen. Bitte so eintragen: 24.12.2026"),
        ("31.02.2026 18:00", "Den 31.02.2026 gibt es nicht."),
        ("24.12.2026 25:00", "Die Uhrzeit 25:00 gibt es nicht."),
        ("24.12.1026 18:00", "Bitte das Jahr prüfen: 1026."),
    ],
)
def test_what_cannot_be_read_is_named(typed, message):
    with pytest.raises(NotADate, match=message):
        read_moment(typed, TODAY)


def _event(session) -> Event:
    session.expire_all()
    return session.scalars(select(Event)).one()


def _local(moment: datetime) -> datetime:
    return moment.astimezone(BERLIN).replace(tzinfo=None)


def test_an_event_typed_in_german_keeps_its_times(client, login, session):
    year = datetime.now(BERLIN).year + 1
    login()
    data = _form(client, "/admin/events/new", starts_at=f"24.12.{year} 18:00", ends_at="20 Uhr")
    assert client.post("/admin/events/new", data=data).status_code == 302
    event = _event(session)
    assert _local(event.starts_at) == datetime(year, 12, 24, 18)
    assert _local(event.ends_at) == datetime(year, 12, 24, 20)  # a time alone: the same day
    page = client.get(f"/admin/events/{event.id}").get_data(as_text=True)
    assert f'value="24.12.{year} 18:00"' in page and f'value="24.12.{year} 20:00"' in page


def test_a_wrong_date_is_named_and_both_dates_stay_as_typed(client, login, session):
    login()
    data = _form(client, "/admin/events/new", starts_at="24.12.2026 18:00", ends_at="31.02.2026")
    response = client.post("/admin/events/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Den 31.02.2026 gibt es nicht." in page
    assert 'value="24.12.2026 18:00"' in page and 'value="31.02.2026"' in page
    assert session.scalars(select(Event)).all() == []


def test_an_announcement_for_whole_days(client, login, session):
    year = datetime.now(BERLIN).year + 1
    login()
    url = "/admin/news/new"
    data = {
        "csrf_token": csrf_token(client, url),
        "title": "Weihnachten",
        "text": "Frohe Weihnachten.",
        "valid_from": f"24.12.{year}",
        "valid_until": f"26.12.{str(year)[2:]}",
        "published": "y",
    }
    assert client.post(url, data=data).status_code == 302
    news = session.scalars(select(Announcement)).one()
    assert _local(news.valid_from) == datetime(year, 12, 24, 0, 0)
    assert _local(news.valid_until) == datetime(year, 12, 26, 23, 59)  # the whole last day
