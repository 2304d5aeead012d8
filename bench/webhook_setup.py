"""What the webhook benchmarks share (webhooks.py in-process, load.py under gunicorn): the
app on a database, its events and registrations, a known caller, and signed requests."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import insert, make_url
from twilio.request_validator import RequestValidator

from voice import create_app, schema
from voice.db import make_engine
from voice.models import BridgeKind, Event, Registration, RegistrationStatus, Resident, utcnow

TOKEN = "bench-token-0123456789abcdef0123"
BASE_URL = "http://bench.local"
SIZES = ((10, 0), (10_000, 100_000))  # upcoming events, registrations
CALLER = "+497311234567"  # a resident, booked for two events (the greeting names the next)
# A server connected to Twilio (no simulator), as a worker of a real deployment runs.
SERVER = {
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_AUTH_TOKEN": TOKEN,
    "SECRET_KEY": "bench-secret-key-0123456789abcdef",
}


def server_env(url: str, audio_dir: str) -> dict[str, str]:
    """The environment of one instance under gunicorn: a server connected to Twilio."""
    return {
        **SERVER,
        "DATABASE_URL": url,
        "PUBLIC_BASE_URL": BASE_URL,
        "VOICE_TTS_ENGINE": "say",
        "OFFICE_HOURS": "",
        "STAFF_PHONE_NUMBER": "",
        "AUDIO_DIR": audio_dir,
    }


def signed(path: str, form: dict[str, str]) -> dict[str, str]:
    return {"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(BASE_URL + path, form)}


class Caller:
    """One call after another from the same number, through the test client."""

    def __init__(self, app: Flask) -> None:
        self.client = app.test_client()
        self.calls = 0

    def post(self, path: str, **params: str) -> str:
        form = {"CallSid": f"CA{self.calls:032d}", "From": CALLER, "To": "+497319876543"}
        form |= params
        response = self.client.post(path, data=form, headers=signed(path, form))
        assert response.status_code == 200, (path, response.status_code)
        return response.get_data(as_text=True)

    def greet(self) -> None:
        """A new call; the greeting offers the caller the next event they have not booked."""
        self.calls += 1
        self.greeting = self.post("/voice/incoming", CallStatus="ringing")

    def to_main(self) -> None:
        """`2` declines the greeting's offer: the main menu."""
        if 'action="/voice/menu/offer"' in self.greeting:
            self.post("/voice/menu/offer", Digits="2")

    def press(self) -> None:
        """`1` in the main menu: the list of events (checked, so that a refused key press,
        which costs less, cannot pass for one)."""
        reply = self.post("/voice/menu/main", Digits="1")
        assert 'action="/voice/menu/events"' in reply, reply


def bench_app(url: str) -> Flask:
    schema.upgrade(make_engine(url))
    return create_app(
        {
            "DATABASE_URL": url,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "PUBLIC_BASE_URL": BASE_URL,
            "VOICE_TTS_ENGINE": "say",
            "OFFICE_HOURS": "",
            "STAFF_PHONE_NUMBER": "",
            "TESTING": True,
        }
    )


def fill(app: Flask, events: int, registrations: int) -> None:
    """Empty the database, then upcoming events and, spread over them, registrations."""
    start = utcnow() + timedelta(days=1)
    with app.extensions["db"].begin() as session:
        schema.empty(session)
        session.execute(
            insert(Event),
            [
                {
                    "title": f"Treffen {n}",
                    "starts_at": start + timedelta(hours=n),
                    "ends_at": start + timedelta(hours=n, minutes=90),
                    "capacity": None,
                    "phone_code": f"{n:04d}",
                    "bridge_kind": BridgeKind.CONFERENCE,
                    "seats_taken": registrations // events,
                }
                for n in range(events)
            ],
        )
        people = max(1, registrations // 10)
        session.execute(
            insert(Resident), [{"phone": f"+4915{n:09d}", "name": None} for n in range(people)]
        )
        event_ids = [e.id for e in session.query(Event.id).order_by(Event.id)]
        resident_ids = [r.id for r in session.query(Resident.id).order_by(Resident.id)]
        rows = [
            {
                "event_id": event_ids[n % events],
                "resident_id": resident_ids[n // 10 % people],
                "status": RegistrationStatus.BOOKED,
            }
            for n in range(registrations)  # ten per person, each at another event
        ]
        for at in range(0, len(rows), 10_000):
            session.execute(insert(Registration), rows[at : at + 10_000])
        caller = Resident(phone=CALLER, name="Erika")
        session.add(caller)
        session.flush()
        session.execute(
            insert(Registration),
            [
                {
                    "event_id": event_ids[n],
                    "resident_id": caller.id,
                    "status": RegistrationStatus.BOOKED,
                }
                for n in (2, 5)
            ],
        )
    engine = app.extensions["db"].kw["bind"]
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        # As autovacuum would have done before a real load.
        conn.exec_driver_sql("ANALYZE" if engine.dialect.name == "sqlite" else "VACUUM ANALYZE")


def postgres_urls(url: str) -> tuple[str, str]:
    """One schema per size in the database `url` names (emptied by the run)."""
    engine = make_engine(url)
    with engine.begin() as conn:
        for name in ("bench_small", "bench_large"):
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")
            conn.exec_driver_sql(f"CREATE SCHEMA {name}")
    engine.dispose()
    parts = make_url(url)
    return tuple(  # type: ignore[return-value]
        parts.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
            hide_password=False
        )
        for name in ("bench_small", "bench_large")
    )
