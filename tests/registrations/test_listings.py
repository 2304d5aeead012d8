"""The events a caller hears, one centre's, read in the order of an index: the next event is
one row however many events there are (issue 16's flat latency, with centres: issue 19)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from voice import schema
from voice.models import BridgeKind, Event, utcnow
from voice.registrations import listings


@pytest.fixture
def sqlite(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    schema.upgrade(engine)
    yield engine
    engine.dispose()


def test_a_centres_next_event_is_read_in_index_order_not_sorted(sqlite):
    """Sorting every event of the centre for each key press made it 1.9 times slower with
    10,000 events than with 10 (SQLite took the index on centre_id, then sorted)."""
    statements: list[tuple[str, object]] = []
    sa.event.listen(
        sqlite,
        "before_cursor_execute",
        lambda _c, _cur, sql, params, *_a: statements.append((sql, params)),
    )
    start = utcnow() + timedelta(days=1)
    with Session(sqlite) as session:
        session.add_all(
            Event(
                title=f"Treffen {n}",
                starts_at=start + timedelta(hours=n),
                ends_at=start + timedelta(hours=n + 1),
                phone_code=f"{1000 + n}",
                bridge_kind=BridgeKind.CONFERENCE,
            )
            for n in range(20)
        )
        session.commit()
        statements.clear()
        page = listings.upcoming(session, utcnow(), listings.Cursor(), centre_id=1)
        assert page.item is not None and page.item.title == "Treffen 0"
        ((sql, params),) = statements
        plan = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
    steps = " / ".join(row[-1] for row in plan)
    assert "ix_events_centre_id_starts_at_id" in steps, steps
    assert "TEMP B-TREE FOR ORDER BY" not in steps, steps
