"""/health: 200 with each worker's last run while the database answers; a quick 503 with a JSON
body when it does not, whether it refuses, is silent, or cannot be opened."""

from __future__ import annotations

import socket
import time
from datetime import timedelta

from tests.conftest import make_test_app
from voice.models import WorkerStatus, utcnow


def test_healthy_with_each_workers_last_run(app, session, client):
    now = utcnow().replace(microsecond=0)
    session.add_all(
        [
            WorkerStatus(name="reminders", last_ok_at=now, failures=0, host="h:1"),
            WorkerStatus(
                name="recordings",
                last_ok_at=now - timedelta(hours=1),
                last_error="OperationalError: UPDATE residents SET phone='+497311234567'",
                last_error_at=now,
                failures=4,
                host="h:2",
            ),
        ]
    )
    session.commit()
    response = client.get("/health")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["status"], body["database"]) == ("ok", "ok")
    assert body["workers"] == {
        "recordings": {
            "last_ok_at": (now - timedelta(hours=1)).isoformat(),
            "last_error_at": now.isoformat(),
            "last_error": "OperationalError",
            "failures_in_a_row": 4,
        },
        "reminders": {
            "last_ok_at": now.isoformat(),
            "last_error_at": None,
            "last_error": None,
            "failures_in_a_row": 0,
        },
    }
    assert "+49731" not in response.get_data(as_text=True)  # an error's text may hold data


def _unavailable(url: str) -> tuple[int, dict, float]:
    """Ask /health of an app on this database (not parametrised: one kind of database each)."""
    app = make_test_app(url)
    try:
        started = time.monotonic()
        response = app.test_client().get("/health")
        return response.status_code, response.get_json(), time.monotonic() - started
    finally:
        app.extensions["db"].kw["bind"].dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_postgresql_that_refuses_gives_503_at_once():
    url = f"postgresql+psycopg://postgres@127.0.0.1:{_free_port()}/qb"
    status, body, seconds = _unavailable(url)
    assert (status, body["status"], body["database"]) == (503, "error", "unreachable")
    assert "postgres@" not in str(body)
    assert seconds < 3


def test_a_postgresql_that_never_answers_gives_503_after_the_connect_timeout():
    with socket.socket() as silent:  # the kernel accepts the connection; nobody ever answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"postgresql+psycopg://postgres@127.0.0.1:{silent.getsockname()[1]}/qb"
        status, body, seconds = _unavailable(url)
    assert (status, body["database"]) == (503, "unreachable")
    assert seconds < 10  # the default connect timeout is 5 s; without it, this hangs


def test_an_sqlite_file_that_cannot_be_opened_gives_503(tmp_path):
    url = f"sqlite:///{tmp_path}/no-such-folder/quartier.db"
    status, body, seconds = _unavailable(url)
    assert (status, body["status"], body["database"]) == (503, "error", "unreachable")
    assert seconds < 3


def test_a_database_without_the_newest_schema_gives_503(tmp_path):
    status, body, _ = _unavailable(f"sqlite:///{tmp_path}/empty.db")
    assert (status, body["status"], body["database"]) == (503, "error", "error")
