"""SQLite's one write lock: a transaction takes it at its first write (or row lock), not at
its first read, so that a webhook that reads for most of its time does not make the others
wait (issue 16); from there on it is alone until its commit."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, exc, insert, select, text
from sqlalchemy import event as sa_event

from tests.conftest import BASE_URL
from tests.phone import Phone
from voice import schema
from voice.db import LOCKED, make_engine

rows = Table("rows", MetaData(), Column("id", Integer, primary_key=True))


@pytest.fixture
def database(tmp_path) -> Iterator[tuple[str, sqlite3.Connection]]:
    """A database with one row, and another connection to it (as another worker has)."""
    path = tmp_path / "lock.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        rows.create(conn)
        conn.execute(insert(rows).values(id=1))
    engine.dispose()
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    yield f"sqlite:///{path}", other
    other.close()


def _quick(conn) -> None:  # type: ignore[no-untyped-def]
    """Wait at most 0.1 s for the lock (not the 15 s of the service)."""
    conn.connection.dbapi_connection.execute("PRAGMA busy_timeout = 100")


def test_a_transaction_reads_while_another_connection_holds_the_write_lock(database):
    url, other = database
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO rows VALUES (2)")
    engine = make_engine(url)
    with engine.connect() as conn:
        _quick(conn)
        started = time.perf_counter()
        assert conn.execute(select(rows.c.id)).scalars().all() == [1]  # what is committed
        conn.commit()
        assert time.perf_counter() - started < 0.1
        with pytest.raises(exc.OperationalError, match="locked"):  # a write waits for it
            conn.execute(insert(rows).values(id=3))
    other.execute("COMMIT")
    engine.dispose()


@pytest.mark.parametrize(
    "first",
    [
        pytest.param(insert(rows).values(id=5), id="write"),
        pytest.param(select(rows.c.id).where(rows.c.id == 1).with_for_update(), id="for-update"),
        pytest.param(text("SAVEPOINT here"), id="savepoint"),
    ],
)
def test_the_first_write_or_row_lock_takes_the_lock_until_the_commit(database, first):
    url, other = database
    engine = make_engine(url)
    with engine.connect() as conn:
        conn.execute(select(rows.c.id)).all()  # a read alone takes no lock
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        conn.execute(first)
        conn.execute(select(rows.c.id)).all()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        conn.commit()
    other.execute("BEGIN IMMEDIATE")  # free again
    other.execute("ROLLBACK")
    engine.dispose()


@pytest.fixture
def statements(own_app, tmp_path):
    """A phone on an app of its own on SQLite, and each statement it issues with whether the
    transaction held the write lock then."""
    app = own_app(f"sqlite:///{tmp_path}/calls.db")
    schema.upgrade(app.extensions["db"].kw["bind"])  # its engine is disposed with the app
    seen: list[tuple[str, bool]] = []

    def note(connection, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        seen.append((statement.split()[0].upper(), connection.info.get(LOCKED, False)))

    sa_event.listen(app.extensions["db"].kw["bind"], "before_cursor_execute", note)
    return Phone(app.test_client(), app, BASE_URL), seen


def test_a_webhook_reads_before_it_takes_the_lock_and_writes_once(statements):
    """The greeting and a key press read without the lock; the lock is taken for the one
    write of the call's row (made at the greeting, its new state at the key press)."""
    phone, seen = statements
    phone.call("+497311234567")
    phone.press("1")
    phone.press("2")
    writes = [kind for kind, _locked in seen if kind != "SELECT"]
    assert writes == ["INSERT", "UPDATE", "UPDATE"], seen
    assert all(not locked for kind, locked in seen if kind == "SELECT"), seen
