"""The database: one engine per app, one session per request (closed at teardown)."""

from __future__ import annotations

import sqlite3
import time
from typing import TypeVar

from flask import Flask, abort, current_app, g
from sqlalchemy import Connection, Engine, create_engine, event, exc, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection, ExecutionContext
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

T = TypeVar("T")

CONNECT_TIMEOUT = 5  # seconds
IDLE_PING = 10  # seconds a pooled connection may wait before it is checked on checkout


class Database:
    """Engine and session factory, bound to an app with `init_app`."""

    def init_app(self, app: Flask) -> None:
        """Create the engine for the app's DATABASE_URL and register the teardown."""
        engine = make_engine(app.config["DATABASE_URL"])
        app.extensions["db"] = sessionmaker(engine, expire_on_commit=False)
        app.teardown_appcontext(self._close)

    @property
    def factory(self) -> sessionmaker[Session]:
        """The current app's session factory."""
        factory: sessionmaker[Session] = current_app.extensions["db"]
        return factory

    @property
    def engine(self) -> Engine:
        """The current app's engine."""
        engine: Engine = self.factory.kw["bind"]
        return engine

    @property
    def session(self) -> Session:
        """The session of the current request (or CLI command)."""
        if "db_session" not in g:
            g.db_session = self.factory()
        session: Session = g.db_session
        return session

    def get_or_404(self, model: type[T], ident: object) -> T:
        """The row with this primary key, or a 404 page."""
        row = self.session.get(model, ident)
        if row is None:
            abort(404)
        return row

    @staticmethod
    def _close(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets foreign keys, real transactions that take the write
    lock at their first write, a busy timeout and its write-ahead log."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "before_cursor_execute", _sqlite_lock_before_writing)
        return engine
    # A database that does not answer must fail a request (and /health) quickly, not hang it;
    # a `connect_timeout` in the URL wins.
    timeout = (
        {} if "connect_timeout" in make_url(url).query else {"connect_timeout": CONNECT_TIMEOUT}
    )
    engine = create_engine(url, connect_args=timeout)
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """A connection that waited in the pool longer than IDLE_PING is asked on checkout whether
    the server still has it (restarted, or a firewall dropped it); if not, the pool makes a new
    one. SQLAlchemy's pool_pre_ping asks before every request, which cost each webhook three
    round trips; a server lost while the connections are busy fails one request each, after
    which the pool starts afresh."""

    def idle(_dbapi_connection: DBAPIConnection, record: ConnectionPoolEntry) -> None:
        record.info["idle_since"] = time.monotonic()

    def check(
        dbapi_connection: DBAPIConnection, record: ConnectionPoolEntry, _proxy: object
    ) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < IDLE_PING:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise exc.DisconnectionError() from error
        if not alive:
            raise exc.DisconnectionError()

    event.listen(engine, "checkin", idle)
    event.listen(engine, "checkout", check)


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Take transaction control away from pysqlite, which would otherwise begin transactions
    # late and break SAVEPOINTs (SQLAlchemy's documented pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Write-ahead log: readers never wait for the one writer, and a commit appends to the log
    # instead of syncing journal and database (3-5 ms of each webhook). NORMAL syncs at each
    # checkpoint: a power cut may lose the last commits, never the database's consistency.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# SQLite has one writer at a time. A transaction that began by reading and then writes fails
# at once ("database is locked") when another connection wrote in between, so a transaction
# must take the write lock before it reads what it will write on. Taking it at BEGIN
# (IMMEDIATE) did that, but then every webhook held the lock while it only read and built its
# reply, and two workers took turns: on a key press the only write is the call's new state
# at the commit. So a transaction takes no lock while it only reads: each SELECT sees what is
# committed when it runs, as on PostgreSQL (READ COMMITTED). Before its first write, or its
# first SELECT ... FOR UPDATE (which SQLite cannot lock row by row), it takes the write lock
# with BEGIN IMMEDIATE, and from there on it is alone until its commit. The code is written
# for PostgreSQL's rules (conditional UPDATEs, FOR UPDATE where a read decides a write), and
# those hold here too; a transaction that only reads never waits for a writer.
LOCKED = "sqlite_write_lock"  # connection.info: this transaction holds the write lock


def _sqlite_begin(connection: Connection) -> None:
    connection.info[LOCKED] = False


def _sqlite_lock_before_writing(
    connection: Connection,
    cursor: sqlite3.Cursor,
    statement: str,
    _parameters: object,
    context: ExecutionContext | None,
    _executemany: bool,
) -> None:
    if connection.info.get(LOCKED, True) or _reads(statement, context):
        return
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return
    cursor.execute("BEGIN IMMEDIATE")
    connection.info[LOCKED] = True


def _reads(statement: str, context: ExecutionContext | None) -> bool:
    """True for a SELECT that locks nothing; anything else (a write, a SAVEPOINT, a statement
    this cannot tell) counts as a write."""
    if statement.lstrip()[:6].upper() != "SELECT":
        return False
    compiled = getattr(context, "compiled", None)
    # SQLite's dialect leaves FOR UPDATE out of the SQL: the statement object still has it.
    return getattr(getattr(compiled, "statement", None), "_for_update_arg", None) is None


db = Database()
