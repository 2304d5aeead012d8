"""A webhook issues a bounded number of queries, however many events and registrations exist."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event as sa_event
from sqlalchemy import insert, select

from voice.models import (
    BridgeKind,
    Call,
    Centre,
    Event,
    Registration,
    RegistrationStatus,
    Resident,
    utcnow,
)
from voice.telephony.simulator import SERVICE_NUMBER

# Statements that read or write (issue 16: at most 6 and 4). The greeting of a known caller
# is the busiest step: the call's row looked for, the resident, the greeting's events (one
# query), the new call's row with its state and reply. A key press: the call, the item the
# menu lists (found by its place, with the list counted up to a bound, in one query), the
# call's new state; a fourth where a menu reads more (news). Staff recordings and staff
# numbers are kept per process.
MAX_GREETING = 5
WEST = "+4973100000001"  # a second centre's number
MAX_PRESS = 4
# Transaction control is not counted (SQLite's BEGIN goes through the cursor, PostgreSQL's
# does not): what counts is what reads or writes.
CONTROL = ("BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT")


def _add_events(
    session, resident: Resident, first: int, count: int, centre: int | None = None
) -> None:
    now = utcnow()
    of_centre = {} if centre is None else {"centre_id": centre}
    session.execute(
        insert(Event),
        [
            {
                "title": f"Treffen {n}",
                "description": "Ein Treffen.",
                "starts_at": now + timedelta(minutes=-5 + n),
                "ends_at": now + timedelta(hours=2, minutes=n),
                "capacity": 10,
                "seats_taken": 1,
                "published": True,
                "phone_code": f"{n:04d}",
                "bridge_kind": BridgeKind.CONFERENCE,
                "bridge_target": "",
                "created_at": now,
                **of_centre,
            }
            for n in range(first, first + count)
        ],
    )
    ids = session.scalars(select(Event.id).where(Event.phone_code >= f"{first:04d}")).all()
    session.execute(
        insert(Registration),
        [
            {
                "event_id": event_id,
                "resident_id": resident.id,
                "status": RegistrationStatus.BOOKED,
                "wants_reminder": False,
                "source": "staff",
                "queued_at": now,
                "created_at": now,
                "updated_at": now,
            }
            for event_id in ids
        ],
    )
    session.commit()


# The same walk by voice: the words of each step's key in its menu.
SAID = [
    "Veranstaltungen",
    "weiter",
    "zurück",
    "meine Anmeldungen",
    "weiter",
    "zurück",
    "teilnehmen",
    "nächste",
    "zurück",
    "Neuigkeiten",
]


def _walk(phone, connection, by_voice: bool = False, to: str = SERVICE_NUMBER) -> list[int]:
    """Queries per webhook along a call through every listing menu."""
    counts: list[int] = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(CONTROL):
            counts[-1] += 1

    sa_event.listen(connection, "before_cursor_execute", count)
    try:
        steps = [
            lambda: phone.call(to=to),
            lambda: phone.press("1"),  # events
            lambda: phone.press("2"),  # next event
            lambda: phone.press("*"),
            lambda: phone.press("2"),  # my registrations
            lambda: phone.press("2"),  # the next one
            lambda: phone.press("*"),
            lambda: phone.press("3"),  # live now
            lambda: phone.press("2"),
            lambda: phone.press("*"),
            lambda: phone.press("4"),  # news
        ]
        if by_voice:
            steps[1:] = [lambda words=words: phone.say(words) for words in SAID]
        for step in steps:
            counts.append(0)
            step()
    finally:
        sa_event.remove(connection, "before_cursor_execute", count)
    return counts


def test_queries_do_not_grow_with_the_data(phone, session, connection, make_resident):
    resident = make_resident()
    _add_events(session, resident, 1, 10)
    _walk(phone, connection)  # the first call reads what each process keeps (recordings)
    few = _walk(phone, connection)
    _add_events(session, resident, 11, 990)
    many = _walk(phone, connection)
    assert few == many
    greeting, *presses = many
    assert greeting <= MAX_GREETING, many
    assert max(presses) <= MAX_PRESS, many


def test_a_call_to_another_centre_keeps_the_budget(phone, session, connection, make_resident):
    """Its centre comes from the kept directory: no statement more for a second centre."""
    west = Centre(slug="weststadt", name="Weststadt", numbers=WEST)
    session.add(west)
    session.commit()
    resident = make_resident()
    _add_events(session, resident, 1, 10, centre=west.id)
    _walk(phone, connection, to=WEST)
    few = _walk(phone, connection, to=WEST)
    _add_events(session, resident, 11, 990, centre=west.id)
    _add_events(session, resident, 2000, 50)  # the other centre's: not heard here
    many = _walk(phone, connection, to=WEST)
    assert few == many
    greeting, *presses = many
    assert greeting <= MAX_GREETING, many
    assert max(presses) <= MAX_PRESS, many
    session.expire_all()
    row = session.scalar(select(Call).where(Call.call_sid == phone.call_sid))
    assert row.centre_id == west.id


def test_spoken_answers_keep_the_budget_of_keys(
    phone, session, connection, make_resident, make_announcement
):
    resident = make_resident()
    make_announcement()
    _add_events(session, resident, 1, 10)
    _walk(phone, connection)
    keys = _walk(phone, connection)
    spoken = _walk(phone, connection, by_voice=True)
    assert spoken == keys
    assert phone.last.one("Gather").get("action") == "/voice/menu/news"  # it went the same way
