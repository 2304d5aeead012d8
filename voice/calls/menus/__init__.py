"""The menus of a resident's call; importing this package fills the engine's tables."""

from voice.calls.menus import (
    events,
    join,
    language,
    main,
    meeting,
    message,
    mine,
    news,
    person,
    registering,
    reminder,
    staff,
    staff_desk,
    staff_voice,
)

__all__ = [
    "events",
    "join",
    "language",
    "main",
    "meeting",
    "message",
    "mine",
    "news",
    "person",
    "registering",
    "reminder",
    "staff",
    "staff_desk",
    "staff_voice",
]
