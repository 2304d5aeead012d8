"""PostgreSQL connections: checked only after they waited in the pool, replaced when lost."""

from __future__ import annotations

import importlib

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import BASE_URL
from tests.phone import Phone


@pytest.fixture
def postgres_app(database, own_app):
    url, _engine = database
    if not url.startswith("postgresql"):
        pytest.skip("the pool's checks are PostgreSQL's (SQLite opens a file)")
    return own_app(url)


def test_a_busy_connection_is_not_pinged_before_each_webhook(postgres_app, monkeypatch):
    engine = postgres_app.extensions["db"].kw["bind"]
    pings = []
    real_ping = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda conn: pings.append(1) or real_ping(conn))
    phone = Phone(postgres_app.test_client(), postgres_app, BASE_URL)
    phone.call("+497311112222")
    phone.press("1")
    phone.press("*")
    assert pings == []


def test_a_connection_the_server_dropped_while_idle_is_replaced(postgres_app, monkeypatch):
    """The database restarted (or a firewall cut the connection) while the service was quiet:
    the next call is answered as usual."""
    engine = postgres_app.extensions["db"].kw["bind"]
    phone = Phone(postgres_app.test_client(), postgres_app, BASE_URL)
    phone.call("+497311113333")
    with engine.connect() as conn:  # the pooled connection the call used
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    admin = create_engine(engine.url)
    with admin.connect() as other:
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        other.commit()
    admin.dispose()
    monkeypatch.setattr(importlib.import_module("voice.db"), "IDLE_PING", 0)
    reply = phone.call("+497311113333")
    assert reply.one("Gather").get("action") == "/voice/menu/main"
