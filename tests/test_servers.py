"""Several app servers on one PostgreSQL (issue 19): two instances, each a process with its
own audio folder, behind a round-robin; calls, recordings, caches and workers across them."""

from __future__ import annotations

import re
import subprocess
import time
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select

from bench.harness import load
from tests.conftest import BASE_URL
from tests.phone import Phone
from tests.servers import SECRET, Instance, RoundRobin, environment
from voice.models import (
    AudioFile,
    BridgeKind,
    Event,
    Recording,
    RecordingState,
    Registration,
    RegistrationStatus,
    Reminder,
    Resident,
    utcnow,
)


@pytest.fixture
def shared_database(own_database):
    """The one database of several servers: PostgreSQL only."""
    if not own_database.startswith("postgresql"):
        pytest.skip("several servers share a PostgreSQL database; SQLite serves one machine")
    return own_database


@pytest.fixture
def servers(shared_database, tmp_path):
    """Two running instances, one database; Twilio's storage (the simulator's) is shared."""
    twilio = tmp_path / "twilio"
    made = []
    try:
        for name in ("a", "b"):
            env = environment(shared_database, tmp_path / name, twilio, BASE_URL)
            made.append(Instance(env).start())
        yield made
    finally:
        for instance in made:
            instance.stop()


@pytest.fixture
def here(own_app, shared_database, tmp_path):
    """The test's own app on the shared database: the phone simulator's and staff's side."""
    return own_app(
        shared_database,
        SECRET_KEY=SECRET,
        SIMULATOR_DIR=str(tmp_path / "twilio"),
        AUDIO_DIR=str(tmp_path / "here"),
        CACHE_CHECK_SECONDS=0.3,
    )


def _phone(here, servers, number: str) -> tuple[Phone, RoundRobin]:
    phone = Phone(here.test_client(), here, BASE_URL, number)
    balancer = RoundRobin(BASE_URL, here.config["TWILIO_AUTH_TOKEN"], [s.url for s in servers])
    phone.system.transport = balancer
    return phone, balancer


def _event(here) -> None:
    with here.extensions["db"].begin() as session:
        start = utcnow().replace(microsecond=0) + timedelta(days=1)
        session.add(
            Event(
                title="ErzählCafé",
                description="Wir erzählen.",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                capacity=50,
                phone_code="4711",
                bridge_kind=BridgeKind.CONFERENCE,
            )
        )


def _register_with_name(phone: Phone) -> None:
    """A new caller books the event and says their name after the tone."""
    phone.call()
    phone.to_main()
    phone.press("1")
    assert phone.press("1").one("Record").get("action") == "/voice/record/name"
    phone.record(seconds=2)
    assert phone.press("1").said()[0].startswith("Sie sind angemeldet für ErzählCafé")
    phone.hang_up()


def _saved(worker: subprocess.Popen) -> int:
    out, err = worker.communicate(timeout=120)
    assert worker.returncode == 0, err
    return int(re.search(r"(\d+) Aufnahmen gespeichert", out).group(1))


def test_a_call_across_two_servers_records_through_one_and_plays_through_the_other(
    servers, here, tmp_path
):
    first, second = servers
    _event(here)
    phone, balancer = _phone(here, servers, "+497311234567")
    _register_with_name(phone)
    assert {server for _path, server in balancer.served} == {first.url, second.url}
    [recorded_by] = [server for path, server in balancer.served if path == "/voice/record/name"]
    assert _saved(first.flask("recordings", "run", "--once")) == 1  # the first one's worker

    with here.extensions["db"]() as session:
        resident = session.scalars(select(Resident).where(Resident.phone == phone.number)).one()
        recording = resident.name_recording
        assert recording.state is RecordingState.READY
        assert session.get(AudioFile, recording.audio_name) is not None
        booked = session.scalars(
            select(Registration).where(Registration.resident_id == resident.id)
        )
        assert [r.status for r in booked] == [RegistrationStatus.BOOKED]
    name = recording.audio_name
    kept = tmp_path / "a" / "audio" / "built" / f"{name}.wav"
    elsewhere = tmp_path / "b" / "audio" / "built" / f"{name}.wav"
    assert kept.is_file() and not elsewhere.exists()
    played = requests.get(f"{second.url}/audio/{name}.wav", timeout=30)
    assert played.status_code == 200
    assert played.content == kept.read_bytes()  # the other server plays it, from the database
    assert elsewhere.read_bytes() == kept.read_bytes()  # and keeps a copy from now on
    assert recorded_by in (first.url, second.url)


def test_two_recordings_workers_fetch_every_recording_once(servers, here):
    _event(here)
    callers = [f"+4973155500{n:02d}" for n in range(8)]
    for number in callers:
        _register_with_name(_phone(here, servers, number)[0])
    workers = [server.flask("recordings", "run", "--once") for server in servers]
    assert sum(_saved(worker) for worker in workers) == len(callers)  # none twice
    with here.extensions["db"]() as session:
        recordings = session.scalars(select(Recording)).all()
        assert [r.state for r in recordings] == [RecordingState.READY] * len(callers)
        names = {r.audio_name for r in recordings}  # the simulator's tones: alike, stored once
        assert set(session.scalars(select(AudioFile.name))) == names


def test_two_dialers_place_every_reminder_once(servers, here):
    load(here, 30)
    dialers = [server.flask("reminders", "run", "--once") for server in servers]
    placed = 0
    for dialer in dialers:
        out, err = dialer.communicate(timeout=120)
        assert dialer.returncode == 0, err
        placed += int(re.search(r"(\d+) Erinnerungsanrufe gestartet", out).group(1))
    assert placed == 30
    with here.extensions["db"]() as session:
        reminders = session.scalars(select(Reminder)).all()
        assert len(reminders) == 30
        assert all(reminder.attempts == 1 for reminder in reminders)
        assert len({reminder.call_sid for reminder in reminders}) == 30


def _greetings(phone: Phone, balancer: RoundRobin, servers) -> dict[str, str]:
    """A call greeted by each server: server -> the greeting's first verb."""
    first: dict[str, str] = {}
    for server in servers:
        balancer.send_next_to(server.url)
        first[server.url] = phone.call().root[0].tag
        phone.hang_up()
    return first


def test_a_staff_recording_reaches_the_calls_of_every_server(servers, here, tmp_path):
    """Each server keeps the staff recordings in memory; a replacement made elsewhere is
    heard on every server within CACHE_CHECK_SECONDS, and each plays the file."""
    phone, balancer = _phone(here, servers, "+497311234567")
    assert set(_greetings(phone, balancer, servers).values()) == {"Say"}  # kept, by both
    tone = tmp_path / "hallo.mp3"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=400:duration=2", str(tone)],
        check=True,
    )
    result = here.test_cli_runner().invoke(
        args=["prompts", "replace", "greeting.welcome", str(tone)]
    )
    assert result.exit_code == 0, result.output
    time.sleep(0.5)  # CACHE_CHECK_SECONDS is 0.3 here
    assert set(_greetings(phone, balancer, servers).values()) == {"Play"}
    url = phone.last.root[0].text
    for server in servers:
        played = requests.get(server.url + url.removeprefix(BASE_URL), timeout=30)
        assert played.status_code == 200 and played.headers["Content-Type"] == "audio/wav"
