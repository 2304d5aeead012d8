"""The migrations build exactly the models' schema; the deployment commands are safe to repeat."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from voice.models import Announcement, Base, Centre, Event, utcnow


def test_migrations_match_the_models(database):
    _url, engine = database
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_init_db_and_demo_can_run_twice(own_app, tmp_path):
    app = own_app(f"sqlite:///{tmp_path}/fresh.db")
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["init-db"])
        assert result.exit_code == 0, result.output
        assert "Datenbank bereit" in result.output
    for _ in range(2):
        result = runner.invoke(args=["demo"])
        assert result.exit_code == 0, result.output
    with app.app_context(), app.extensions["db"]() as session:
        centres = {c.slug: c for c in session.scalars(select(Centre))}  # each made once
        assert sorted(centres) == ["alter-eselsberg", "weststadt"]
        assert centres["alter-eselsberg"].is_default and not centres["weststadt"].is_default
        assert centres["weststadt"].number_list == ["+4973100000001"]
        events = {e.title: e for e in session.scalars(select(Event))}
        first = ["Bewerbungstraining", "ErzählCafé", "Spieleabend"]
        west = ["Nachbarschaftscafé", "Spaziergang an der Blau"]
        assert sorted(events) == sorted(first + west)
        assert {events[title].centre_id for title in first} == {centres["alter-eselsberg"].id}
        assert {events[title].centre_id for title in west} == {centres["weststadt"].id}
        now = utcnow()
        tz = ZoneInfo("Europe/Berlin")
        games = events["Spieleabend"]
        assert games.starts_at <= now < games.ends_at
        assert games.bridge_kind.value == "conference"
        cafe = events["ErzählCafé"]
        assert (
            cafe.starts_at.astimezone(tz).date() == (now + timedelta(days=1)).astimezone(tz).date()
        )
        training = events["Bewerbungstraining"]
        assert training.capacity == 2
        assert timedelta(days=6) < training.starts_at - now < timedelta(days=8)
        news = session.scalars(select(Announcement).order_by(Announcement.id)).all()
        assert [(n.centre_id, n.published) for n in news] == [
            (centres["alter-eselsberg"].id, True),
            (centres["weststadt"].id, True),
        ]


def test_sqlite_writes_ahead_and_syncs_at_checkpoints(tmp_path):
    """A commit appends to the write-ahead log instead of syncing journal and database each
    time (the cost of every webhook on SQLite)."""
    from voice.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path}/wal.db")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    finally:
        engine.dispose()
