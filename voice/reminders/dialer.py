"""The dialer: claims due reminders in the database and places the calls at a steady rate.

Several dialers may run at once, and one may die at any moment: a reminder is claimed in a
transaction (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's writer lock serialises the
claim), the next call slot comes from one shared row, and a claim whose call never showed up
at Twilio is given back after a while. Twilio's `initiated` callback marks a call as placed,
so a dialer that dies after placing a call does not cause a second one.

A call the provider refuses is tried again like a busy line, and each claim counts as an
attempt, so a number that always fails ends as FAILED with the reason for staff to see."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, sessionmaker

from voice.models import Centre, DialerClock, Reminder, ReminderState, utcnow
from voice.registrations.residents import masked
from voice.reminders import outcomes, planner
from voice.telephony.base import Telephony

log = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=2)  # a claim without a placed call after this is given back
CALL_TIMEOUT = timedelta(minutes=30)  # a placed call without an outcome after this has failed


@dataclass(frozen=True)
class DialerSettings:
    rate: float  # calls per second, for all dialers together
    allowed_from: clock
    allowed_until: clock
    tz: ZoneInfo
    caller_id: str  # for the events of a centre without a number of its own
    base_url: str  # where Twilio reaches the service
    batch: int = 10
    claim_timeout: timedelta = CLAIM_TIMEOUT


def due_query(now: datetime, batch: int) -> Select[Reminder]:
    """Due reminders, locked for this transaction; rows another dialer holds are skipped."""
    return (
        select(Reminder)
        .where(Reminder.state == ReminderState.PLANNED, Reminder.due_at <= now)
        .order_by(Reminder.due_at, Reminder.id)
        .limit(batch)
        .with_for_update(skip_locked=True, of=Reminder)
    )


class Dialer:
    """One dialer process (or thread)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        telephony: Telephony,
        settings: DialerSettings,
        name: str,
        clock_now: Callable[[], datetime] = utcnow,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.sessions = sessions
        self.telephony = telephony
        self.settings = settings
        self.name = name
        self.now = clock_now
        self.sleep = sleep

    def run_once(self, stopping: Callable[[], bool] = lambda: False) -> int:
        """Plan, give back stale claims, then claim and call what is due; returns calls placed.

        `stopping()` is asked before each batch: a stopped worker leaves the rest planned."""
        now = self.now()
        with self.sessions.begin() as session:
            planner.plan(session, now)
            planner.skip_stale(session, now)
            self._recover(session, now)
        placed = 0
        while self.allowed(now) and not stopping():
            claimed = self._claim(now)
            if not claimed:
                break
            for reminder_id, phone, caller_id in claimed:
                try:
                    placed += self._place(reminder_id, phone, caller_id)
                except Exception as error:  # not the provider: the claims expire and retry
                    error.add_note(f"reminder {reminder_id}")
                    raise
            now = self.now()
        return placed

    def allowed(self, now: datetime) -> bool:
        """No calls at night."""
        local = now.astimezone(self.settings.tz).time()
        until = self.settings.allowed_until
        return self.settings.allowed_from <= local and (local < until or until == clock.max)

    def _recover(self, session: Session, now: datetime) -> None:
        for reminder in session.scalars(
            select(Reminder).where(Reminder.state == ReminderState.CALLING)
        ):
            if (
                reminder.placed_at is None
                and (reminder.claimed_at or now) < now - self.settings.claim_timeout
            ):
                self._expired(reminder, now)
            elif reminder.placed_at is not None and reminder.placed_at < now - CALL_TIMEOUT:
                reminder.state, reminder.finished_at = ReminderState.FAILED, now

    def _expired(self, reminder: Reminder, now: datetime) -> None:
        """A claim without a call (its dialer died or hung): again now, unless it was the last."""
        log.warning(
            "reminder %s: claim of %s expired (attempt %s)",
            reminder.id,
            reminder.claimed_by,
            reminder.attempts,
        )
        reminder.last_error = "das Wählprogramm wurde unterbrochen"
        if reminder.attempts >= outcomes.MAX_ATTEMPTS:
            reminder.state, reminder.finished_at = ReminderState.FAILED, now
        else:  # still due: called again at once, as it would have been
            reminder.state, reminder.claimed_by = ReminderState.PLANNED, None

    def _claim(self, now: datetime) -> list[tuple[int, str, str]]:
        """Claim due reminders: (id, the resident's number, the number to call from)."""
        with self.sessions.begin() as session:
            due = session.scalars(due_query(now, self.settings.batch)).all()
            for reminder in due:
                reminder.state = ReminderState.CALLING
                reminder.claimed_by, reminder.claimed_at = self.name, now
                reminder.placed_at, reminder.call_sid = None, None
                reminder.attempts += 1
            return [(r.id, r.registration.resident.phone, self._caller_id(session, r)) for r in due]

    def _caller_id(self, session: Session, reminder: Reminder) -> str:
        """The event's centre calls: from its first number; REMINDER_CALLER_ID when it has none."""
        centre = session.get(Centre, reminder.registration.event.centre_id)
        numbers = centre.number_list if centre is not None else []
        return numbers[0] if numbers else self.settings.caller_id

    def _slot(self) -> datetime:
        """The moment this dialer may place its next call (shared by all dialers)."""
        # 10 % to spare: a dialer that wakes a little late must not bunch calls over the limit.
        interval = timedelta(seconds=1.1 / self.settings.rate)
        with self.sessions.begin() as session:
            row = session.scalar(select(DialerClock).where(DialerClock.id == 1).with_for_update())
            now = self.now()
            if row is None:
                row = DialerClock(id=1, next_slot=now)
                session.add(row)
            slot = max(row.next_slot, now)
            row.next_slot = slot + interval
        return slot

    def _place(self, reminder_id: int, phone: str, caller_id: str) -> bool:
        """Call one claimed reminder; False when the provider refused the call."""
        wait = (self._slot() - self.now()).total_seconds()
        if wait > 0:
            self.sleep(wait)
        base = self.settings.base_url.rstrip("/")
        try:
            sid = self.telephony.place_call(
                phone,
                caller_id,
                f"{base}/voice/reminder/answer?reminder={reminder_id}",
                f"{base}/voice/reminder/status?reminder={reminder_id}",
                machine_detection=True,
            )
        except Exception as error:
            self._refused(reminder_id, phone, error)
            return False
        with self.sessions.begin() as session:
            reminder = session.get(Reminder, reminder_id)
            if reminder is not None:  # None: staff erased the resident meanwhile
                reminder.call_sid = reminder.call_sid or sid
                reminder.last_error = None
        log.info("reminder %s: called %s (%s)", reminder_id, phone[-4:], sid)
        return True

    def _refused(self, reminder_id: int, phone: str, error: Exception) -> None:
        """The provider would not call this number: counted as an attempt, retried later."""
        reason = refusal(error, phone)
        log.warning(  # no traceback: the exception's own text would show the whole number
            "reminder %s: the call to ...%s was refused (%s): %s",
            reminder_id,
            phone[-4:],
            type(error).__name__,
            reason,
        )
        with self.sessions.begin() as session:
            reminder = session.get(Reminder, reminder_id)
            if (
                reminder is None
                or reminder.state is not ReminderState.CALLING
                or reminder.claimed_by != self.name
                or reminder.placed_at is not None  # the provider reported the call after all
            ):
                return
            reminder.last_error = reason
            outcomes.retry_or_end(reminder, ReminderState.FAILED, self.now())


def refusal(error: Exception, phone: str) -> str:
    """The provider's reason in one line for staff, the number masked as on their page."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text.replace(phone, masked(phone))[:300]
