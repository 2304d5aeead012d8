"""Fixtures: the app on SQLite (always) and PostgreSQL (when TEST_DATABASE_URL is set),
each test inside a transaction that is rolled back; a phone that posts signed webhooks."""

from __future__ import annotations

import itertools
import os
import tempfile
import threading
from collections.abc import Iterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text, update
from sqlalchemy import event as sa_event
from sqlalchemy.orm import sessionmaker
from werkzeug.serving import make_server

from tests.accounts import login, make_user  # noqa: F401 - fixtures for every test folder
from tests.phone import Phone
from voice import create_app, schema
from voice.db import make_engine
from voice.demo import load_demo
from voice.models import Announcement, BridgeKind, Centre, Event, Resident, utcnow
from voice.registrations import booking
from voice.speech.engines import GttsEngine, PicoEngine

BASE_URL = "https://quartier.example.org"
DATABASES = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def _fresh_postgres(url: str) -> Engine:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    return engine


@pytest.fixture(scope="session", params=DATABASES)
def database(request, tmp_path_factory) -> Iterator[tuple[str, Engine]]:
    """A migrated database of each kind, shared by the session: (url, engine)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        engine = make_engine(url)
    else:
        url = os.environ["TEST_DATABASE_URL"]
        engine = _fresh_postgres(url)
    schema.upgrade(engine)
    yield url, engine
    engine.dispose()


EMPTY_AUDIO = tempfile.mkdtemp(prefix="qt-no-audio-")  # nothing built: every prompt is <Say>
SIMULATOR_DIR = tempfile.mkdtemp(prefix="qt-simulator-")  # recordings made in test calls


def make_test_app(url: str, **overrides):
    """An app for tests on the given database; the offline voice, with no audio built yet."""
    config = {
        "VOICE_TTS_ENGINE": "pico",
        "AUDIO_DIR": EMPTY_AUDIO,
        "SIMULATOR_DIR": SIMULATOR_DIR,
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "test",
        "TWILIO_AUTH_TOKEN": "",  # no Twilio: the simulator's local token, as on a new machine
        "PUBLIC_BASE_URL": BASE_URL,
        "OFFICE_HOURS": "",
        "STAFF_PHONE_NUMBER": "",
        # One process per server here: changes are seen at once through the stamp files. The
        # statement counts stay exact; the tests of several servers set a short time.
        "CACHE_CHECK_SECONDS": 3600.0,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def own_app(database):
    """Factory: an app with its own engine (no test transaction), disposed after the test."""
    made = []

    def make(url: str | None = None, **overrides):
        app = make_test_app(url or database[0], **overrides)
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["db"].kw["bind"].dispose()


@pytest.fixture
def two_processes(own_app, tmp_path):
    """Two apps on one SQLite database and audio folder, as two gunicorn workers or a worker
    and the web: (the one calls are made to, the other, the statements the first issues)."""
    url = f"sqlite:///{tmp_path}/shared.db"
    audio = str(tmp_path / "audio")
    calls, other = own_app(url, AUDIO_DIR=audio), own_app(url, AUDIO_DIR=audio)
    engine = calls.extensions["db"].kw["bind"]
    schema.upgrade(engine)
    queries: list[str] = []
    sa_event.listen(
        engine, "before_cursor_execute", lambda _c, _cur, statement, *_a: queries.append(statement)
    )
    return calls, other, queries


@pytest.fixture
def own_database(database, tmp_path) -> Iterator[str]:
    """A fresh migrated database of the test's kind, for apps that commit for real: a SQLite
    file, or a schema of its own in the PostgreSQL test database (dropped afterwards)."""
    url, engine = database
    if url.startswith("sqlite"):
        own = f"sqlite:///{tmp_path}/own.db"
        name = None
    else:
        name = f"own_{os.getpid()}_{next(_SCHEMAS)}"
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {name}"))
        own = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{name}"
    migrated = make_engine(own)
    schema.upgrade(migrated)
    migrated.dispose()
    yield own
    if name is not None:
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {name} CASCADE"))


_SCHEMAS = itertools.count()


@pytest.fixture
def app_config() -> dict:
    """Settings a test may change before the app is made."""
    return {}


@pytest.fixture
def connection(database):
    """A connection with an open transaction, rolled back after the test."""
    _url, engine = database
    conn = engine.connect()
    outer = conn.begin()
    yield conn
    outer.rollback()
    conn.close()


@pytest.fixture
def app(database, connection, app_config):
    """The app, its sessions joined into the test's transaction (SQLAlchemy's recipe)."""
    url, _engine = database
    app = make_test_app(url, **app_config)
    app.extensions["db"] = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    seed_default_centre(connection, app.config)
    # No app context stays pushed: each test request gets its own, as in production.
    yield app


def seed_default_centre(connection, config) -> None:
    """The test's settings OFFICE_HOURS, STAFF_PHONE_NUMBER and PUBLIC_PHONE_NUMBER in the
    default centre, as the upgrade to centres put them there (inside the test's
    transaction): a test sets them in `app_config` as an installation sets them before it
    upgrades. Like an upgraded installation's, it claims no number: it takes every call."""
    connection.execute(
        update(Centre)
        .where(Centre.is_default.is_(True))
        .values(
            office_hours=config["OFFICE_HOURS"],
            staff_number=config["STAFF_PHONE_NUMBER"],
            public_number=config["PUBLIC_PHONE_NUMBER"],
        )
    )


@pytest.fixture
def session(app):
    """A session on the test's transaction, for setting up and checking data."""
    factory = app.extensions["db"]
    with factory() as s:
        yield s


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def phone(client, app):
    """A resident's phone, calling from a German landline."""
    return Phone(client, app, BASE_URL)


@pytest.fixture
def make_event(session):
    """Factory: an event starting in `starts_in` (default: two days) with sensible defaults."""
    codes = iter(range(5000, 9999))

    def make(starts_in=timedelta(days=2), duration=timedelta(hours=2), **values) -> Event:
        start = utcnow().replace(microsecond=0) + starts_in
        defaults = {
            "title": "Spieleabend",
            "description": "Wir spielen zusammen.",
            "starts_at": start,
            "ends_at": start + duration,
            "capacity": 10,
            "phone_code": str(next(codes)),
            "bridge_kind": BridgeKind.CONFERENCE,
        }
        event = Event(**{**defaults, **values})
        session.add(event)
        session.commit()
        return event

    return make


@pytest.fixture
def make_resident(session):
    """Factory: a known resident."""

    def make(phone="+497311234567", name="Erika Muster", **values) -> Resident:
        resident = Resident(phone=phone, name=name, **values)
        session.add(resident)
        session.commit()
        return resident

    return make


@pytest.fixture
def make_announcement(session):
    """Factory: an announcement valid since `age` ago."""

    def make(age=timedelta(hours=1), **values) -> Announcement:
        announcement = Announcement(
            **{"title": "Neuigkeit", "text": "Etwas Neues.", "valid_from": utcnow() - age, **values}
        )
        session.add(announcement)
        session.commit()
        return announcement

    return make


@pytest.fixture
def live_config() -> dict:
    """Settings a browser test may change before the live app is made."""
    return {}


@pytest.fixture
def live_app(own_app, tmp_path, live_config):
    """An app on its own SQLite file, migrated, with the demo data."""
    app = own_app(f"sqlite:///{tmp_path}/live.db", **live_config)
    with app.app_context():
        engine = app.extensions["db"].kw["bind"]
        schema.upgrade(engine)
        with app.extensions["db"].begin() as session:
            load_demo(session, ZoneInfo("Europe/Berlin"))
    return app


@pytest.fixture
def live_server(live_app):
    """The service on a real port, as `scripts/serve` starts it."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture
def no_voice_here(monkeypatch):
    """Any synthesis in this process fails the test: a web request must never wait for a
    voice. `no_voice_here.undo()` lets the test itself build, as the speech worker would."""

    def refuse(*args, **kwargs):
        raise AssertionError("synthesised inside a web request")

    monkeypatch.setattr(PicoEngine, "synthesize", refuse)
    monkeypatch.setattr(GttsEngine, "synthesize", refuse)
    return monkeypatch


def book_people(session, event: Event, count: int, *, wants_reminder: bool = False) -> list:
    """`count` new residents booked for the event in turn (the waiting list once it is full);
    their registrations, committed."""
    registrations = []
    for n in range(count):
        resident = Resident(phone=f"+4973199900{n:02d}", name=f"Person {n}")
        session.add(resident)
        session.flush()
        booked = booking.book(session, event.id, resident, wants_reminder=wants_reminder)
        registrations.append(booked.registration)
    session.commit()
    return registrations
