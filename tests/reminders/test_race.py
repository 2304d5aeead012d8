"""Two dialers, one killed half-way and restarted: every reminder called exactly once, and the
rate never above the limit (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import pytest

from bench.harness import clear, load, race

COUNT = 200
RATE = 40.0


@pytest.fixture
def racing_app(own_app):
    app = own_app(REMINDER_HOURS="00:00-24:00", REMINDER_RATE=RATE)
    clear(app)
    yield app
    clear(app)


def test_every_reminder_is_called_exactly_once(racing_app):
    load(racing_app, COUNT)
    result = race(racing_app, RATE, die_after=COUNT // 4)
    assert result.placed == COUNT
    assert result.duplicates == 0
    assert result.highest_rate <= RATE


def test_two_claims_at_the_same_moment_get_different_reminders(racing_app, database):
    """On PostgreSQL the claim skips rows another open transaction holds. (SQLite lets only one
    writer in at a time, so there the second claim waits and then sees the first one's rows
    taken; the race above covers that.)"""
    url, engine = database
    if engine.dialect.name != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite serialises writers instead")
    from sqlalchemy.orm import Session

    from voice.models import utcnow
    from voice.reminders.dialer import due_query
    from voice.reminders.planner import plan

    load(racing_app, 10)
    with Session(engine) as setup, setup.begin():
        plan(setup, utcnow())
    with Session(engine) as first, Session(engine) as second:
        first.begin()
        mine = {r.id for r in first.scalars(due_query(utcnow(), 5))}
        second.begin()
        theirs = {r.id for r in second.scalars(due_query(utcnow(), 5))}
        assert len(mine) == 5 and len(theirs) == 5 and not mine & theirs
        first.rollback()
        second.rollback()
