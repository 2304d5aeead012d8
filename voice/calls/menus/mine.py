"""`2` Meine Anmeldungen: the caller's bookings and waiting-list places, at every centre (the
ones at another centre name it); cancel one."""

from __future__ import annotations

from voice.calls.engine import Line, Menu, Turn, register, show
from voice.calls.menus import paging
from voice.models import Registration, RegistrationStatus
from voice.registrations import booking, listings

KEY = "mine"


def _speak(turn: Turn) -> list[Line] | None:
    if turn.caller is None:
        turn.say("mine.withheld")
        show(turn, "main")
        return None
    resident_id = turn.resident_id
    page = (
        listings.registrations(turn.session, resident_id, turn.now, paging.cursor(turn, KEY))
        if resident_id is not None
        else None
    )
    registration = paging.opened(turn, KEY, page, "mine.none", "main")
    if page is None or registration is None:
        return None
    return [
        *paging.position(page, "mine.position", "mine.position_of_many"),
        _describe(turn, registration),
        *_elsewhere(turn, registration),
        Line("mine.choices"),
    ]


def _elsewhere(turn: Turn, registration: Registration) -> list[Line]:
    """A booking with another centre names it: the caller may have rung another number."""
    centre_id = registration.event.centre_id
    if centre_id == turn.place.id:
        return []
    return [Line("mine.elsewhere", {"centre": turn.centre_name(centre_id)})]


def _describe(turn: Turn, registration: Registration) -> Line:
    event = registration.event
    params = {"title": turn.title(event), "when": turn.when(event.starts_at)}
    if registration.status is RegistrationStatus.WAITING:
        position = booking.waiting_position(turn.session, registration)
        return Line("mine.waiting", {**params, "position": position})
    return Line("mine.booked", params)


def _shown(turn: Turn) -> Registration | None:
    """The registration the caller heard, if it is still theirs and active."""
    registration_id = paging.shown_id(turn, KEY)
    registration = turn.session.get(Registration, registration_id) if registration_id else None
    if registration is None or registration.resident_id != turn.resident_id:
        return None
    return registration


def _confirm_speak(turn: Turn) -> list[Line] | None:
    registration = _shown(turn)
    if registration is None or registration.status is RegistrationStatus.CANCELLED:
        show(turn, "mine")
        return None
    return [Line("mine.confirm", {"title": turn.title(registration.event)})]


def _cancel(turn: Turn) -> None:
    registration = _shown(turn)
    if registration is not None:
        booking.cancel(turn.session, registration)
        turn.say("mine.cancelled", title=turn.title(registration.event))
    turn.choices.pop(KEY, None)  # the list changed: start again from its first item
    show(turn, "mine")


def _toggle_reminder(turn: Turn) -> None:
    registration = _shown(turn)
    if registration is not None:
        registration.wants_reminder = not registration.wants_reminder
        prompt = "reminder.toggled_on" if registration.wants_reminder else "reminder.toggled_off"
        turn.say(prompt, title=turn.title(registration.event))
    show(turn, "mine")


def _keep(turn: Turn) -> None:
    turn.say("mine.kept")
    show(turn, "mine")


register(
    Menu(
        name="mine",
        label="Meine Anmeldungen",
        speak=_speak,
        keys={
            "1": lambda turn: show(turn, "mine_cancel"),
            "4": _toggle_reminder,
            **paging.stepping(KEY, "mine", "mine.last", "mine.first"),
        },
        words={"cancel": "1", "next": "2", "previous": "3", "reminder": "4"},
    )
)
register(
    Menu(
        name="mine_cancel",
        label="Abmelden",
        speak=_confirm_speak,
        keys={"1": _cancel, "2": _keep},
        words={"yes": "1", "cancel": "1", "no": "2", "keep": "2"},
        back="mine",
    )
)
