"""What Twilio reports about a reminder call: placed, and how it ended; drives the retries."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from voice.models import Reminder, ReminderKind, ReminderState
from voice.reminders.planner import GRACE

MAX_ATTEMPTS = 3  # the first call and at most two more
RETRY_AFTER = timedelta(minutes=5)
UNANSWERED = {
    "busy": ReminderState.BUSY,
    "no-answer": ReminderState.NO_ANSWER,
    "failed": ReminderState.FAILED,
    "canceled": ReminderState.FAILED,
}


def record(session: Session, reminder_id: int, status: str, call_sid: str, now: datetime) -> None:
    """Apply one status callback; the same callback twice changes nothing more."""
    reminder = session.get(Reminder, reminder_id)
    if reminder is None:
        return
    if status in ("queued", "initiated", "ringing", "in-progress"):
        reminder.placed_at = reminder.placed_at or now
        reminder.call_sid = reminder.call_sid or call_sid
        return
    if reminder.state is not ReminderState.CALLING:
        return  # answered (the call's own webhooks said how) or already handled
    if status == "completed":
        reminder.state, reminder.finished_at = ReminderState.ANSWERED, now
        return
    retry_or_end(reminder, UNANSWERED.get(status, ReminderState.FAILED), now)


def retry_or_end(reminder: Reminder, final: ReminderState, now: datetime) -> None:
    """A call that reached nobody: try again in a while, unless that was the last attempt
    (each claim of the reminder counts as one) or the next would come too late."""
    next_try = now + RETRY_AFTER
    latest = reminder.registration.event.starts_at + (
        timedelta(0) if reminder.kind is ReminderKind.CANCELLATION else GRACE
    )
    if reminder.attempts < MAX_ATTEMPTS and next_try < latest:
        reminder.state, reminder.due_at = ReminderState.PLANNED, next_try
        reminder.claimed_by = reminder.placed_at = reminder.call_sid = None
    else:
        reminder.state, reminder.finished_at = final, now
