"""The tables, one module each."""

from voice.models.announcement import Announcement
from voice.models.base import Base, utcnow
from voice.models.call import Call
from voice.models.centre import DEFAULT_CENTRE, Centre, CentreRole
from voice.models.event import BridgeKind, Event
from voice.models.login_throttle import LoginThrottle
from voice.models.meeting import MeetingEvent, MeetingParticipant
from voice.models.message import Message, MessageKind
from voice.models.prompt_recording import PromptRecording
from voice.models.recording import Recording, RecordingSource, RecordingState
from voice.models.registration import Registration, RegistrationStatus
from voice.models.reminder import (
    OPEN_STATES,
    DialerClock,
    Reminder,
    ReminderKind,
    ReminderState,
)
from voice.models.resident import Resident
from voice.models.shared import AudioFile, CacheVersion
from voice.models.user import Role, User, accounts_exist
from voice.models.worker_status import WorkerStatus

__all__ = [
    "Announcement",
    "AudioFile",
    "Base",
    "BridgeKind",
    "CacheVersion",
    "Call",
    "Centre",
    "CentreRole",
    "DEFAULT_CENTRE",
    "DialerClock",
    "Event",
    "LoginThrottle",
    "MeetingEvent",
    "MeetingParticipant",
    "Message",
    "MessageKind",
    "PromptRecording",
    "Recording",
    "RecordingSource",
    "RecordingState",
    "OPEN_STATES",
    "Registration",
    "RegistrationStatus",
    "Reminder",
    "ReminderKind",
    "ReminderState",
    "Resident",
    "Role",
    "User",
    "WorkerStatus",
    "accounts_exist",
    "utcnow",
]
