"""What staff record by phone: an announcement, or their own voice for one of the prompts.
Every recording is kept as soon as Twilio has it: a staff member who hangs up half-way loses
nothing (a draft announcement, or a replacement waiting for its audio, shows in the admin)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from voice.calls.engine import RECORDINGS, STAFF_ONLY, Audio, Line, Menu, Turn, register, show
from voice.calls.menus.staff import current
from voice.models import Announcement, PromptRecording, Recording, RecordingState
from voice.recordings.jobs import phone_recording
from voice.speech import public_url, recording_url
from voice.speech import recordings as replacements
from voice.speech.catalogue import CENTRE

DRAFT = "staff_draft"  # choices: the announcement being recorded
PROMPT = "staff_prompt"  # choices: {"id": prompt id, "sid": ..., "url": ...}


def _record(turn: Turn, purpose: str, prompt_id: str, **params: object) -> None:
    turn.say(prompt_id, **params)
    turn.response.record(
        action=turn.url("voice.record", purpose=purpose),
        method="POST",
        max_length=300,
        timeout=8,
        finish_on_key="#",
        play_beep=True,
        trim="trim-silence",
        recording_status_callback=turn.url(
            "voice.recording_status", purpose=purpose.removeprefix("staff_")
        ),
    )
    turn.say("staff.nothing_heard")  # Twilio goes on here when nothing was recorded
    show(turn, "staff_menu")


def _start_announcement(turn: Turn) -> list[Line] | None:
    if current(turn) is None:
        show(turn, "main")
        return None
    _record(turn, "staff_announcement", "staff.record_announcement")
    return None


def announcement_recorded(turn: Turn) -> None:
    """Keep the recording at once, as an unpublished draft; then play it back."""
    user = current(turn)
    sid = turn.params.get("RecordingSid", "")
    draft = turn.session.scalar(
        select(Announcement).join(Announcement.recording).where(Recording.sid == sid)
    )
    if draft is None:
        url = turn.params.get("RecordingUrl", "")
        draft = Announcement(
            title=f"Telefonansage von {user.name if user else 'Mitarbeitenden'}",
            recording=(
                phone_recording(turn.session, sid, url, "announcement", turn.call.call_sid)
                if sid
                else None
            ),
            created_by=user.name if user else None,
            published=False,
            valid_from=turn.now,
            centre_id=turn.place.id,  # the centre whose number the staff member called
        )
        turn.session.add(draft)
        turn.session.flush()
    turn.choices[DRAFT] = draft.id
    turn.say("staff.playback")
    show(turn, "staff_review")


def _draft(turn: Turn) -> Announcement | None:
    return turn.session.get(Announcement, turn.choices.get(DRAFT) or 0)


def _review_speak(turn: Turn) -> list[Line | Audio] | None:
    draft = _draft(turn)
    if draft is None or current(turn) is None:
        show(turn, "staff_menu")
        return None
    return [Audio(public_url(recording_url(draft.recording))), Line("staff.review")]


def _discard(turn: Turn, then: str) -> None:
    draft = _draft(turn)
    if draft is not None:
        turn.session.delete(draft)
    turn.choices.pop(DRAFT, None)
    if then == "staff_menu":
        turn.say("staff.discarded")
    show(turn, then)


def _publish(turn: Turn, until: datetime | None) -> None:
    draft = _draft(turn)
    if draft is not None:
        draft.published, draft.valid_until = True, until
        turn.choices.pop(DRAFT, None)
        turn.say("staff.published")
    show(turn, "staff_menu")


def _end_of(turn: Turn, days: int) -> datetime:
    local = turn.now.astimezone(turn.tz)
    return datetime.combine(local.date() + timedelta(days=days), time(23, 59), turn.tz)


def _week_end(turn: Turn) -> datetime:
    return _end_of(turn, 6 - turn.now.astimezone(turn.tz).weekday())


def _prompt_number_entered(turn: Turn, digits: str) -> None:
    prompts = list(turn.voice.catalogue.prompts.values())
    number = int(digits)
    if not 1 <= number <= len(prompts):
        turn.say("staff.prompt_unknown", number=number)
        show(turn, "staff_prompt_number")
        return
    prompt = prompts[number - 1]  # the numbering of the admin's list of prompts
    if not replacements.recordable(prompt):
        turn.say("staff.prompt_variable")
        show(turn, "staff_prompt_number")
        return
    turn.choices[PROMPT] = {"id": prompt.id}
    _record(turn, "staff_prompt", "staff.prompt_record", text=_prompt_text(turn, prompt.id))


def _prompt_text(turn: Turn, prompt_id: str) -> str:
    """What the prompt says in calls to this centre (with its name, where it names it)."""
    prompt = turn.voice.catalogue[prompt_id]
    return prompt.render({CENTRE: turn.place.name} if prompt.fields else {})


def prompt_recorded(turn: Turn) -> None:
    pending = turn.choices.get(PROMPT) or {}
    turn.choices[PROMPT] = {
        **pending,
        "sid": turn.params.get("RecordingSid", ""),
        "url": turn.params.get("RecordingUrl", ""),
    }
    turn.say("staff.playback")
    show(turn, "staff_prompt_review")


def _prompt_review_speak(turn: Turn) -> list[Line | Audio] | None:
    pending = turn.choices.get(PROMPT) or {}
    if not pending.get("url") or current(turn) is None:
        show(turn, "staff_menu")
        return None
    return [Audio(pending["url"]), Line("staff.prompt_review")]


def _use_prompt(turn: Turn) -> None:
    """The replacement waits for its audio to arrive here; then it is used (see recordings)."""
    pending = turn.choices.pop(PROMPT, None) or {}
    user = current(turn)
    sid = pending.get("sid")
    recording = (
        phone_recording(turn.session, sid, pending.get("url", ""), "prompt", turn.call.call_sid)
        if sid
        else None
    )
    exists = turn.session.scalar(
        select(PromptRecording).where(PromptRecording.recording == recording)
    )
    if recording is not None and exists is None:
        replacement = PromptRecording(
            language=turn.voice.catalogue.language,
            prompt_id=pending["id"],
            recording=recording,
            recorded_by=user.name if user else None,
            active=False,
            centre_id=turn.place.id,  # it replaces the prompt in calls to this centre only
        )
        turn.session.add(replacement)
        if recording.state is RecordingState.READY:  # it arrived before the staff member chose
            replacements.use(turn.session, replacement)
    turn.say("staff.prompt_saved")
    show(turn, "staff_menu")


def _discard_prompt(turn: Turn) -> None:
    turn.choices.pop(PROMPT, None)
    turn.say("staff.discarded")
    show(turn, "staff_menu")


def _prompt_again(turn: Turn) -> None:
    prompt_id = (turn.choices.get(PROMPT) or {}).get("id")
    if prompt_id is None:
        show(turn, "staff_menu")
        return
    turn.choices[PROMPT] = {"id": prompt_id}
    _record(turn, "staff_prompt", "staff.prompt_record", text=_prompt_text(turn, prompt_id))


RECORDINGS["staff_announcement"] = announcement_recorded
RECORDINGS["staff_prompt"] = prompt_recorded
STAFF_ONLY.update({"staff_announcement", "staff_prompt"})

register(Menu(name="staff_record", staff=True, speak=_start_announcement))
register(
    Menu(
        name="staff_review",
        staff=True,
        speak=_review_speak,
        back="staff_menu",
        keys={
            "1": lambda turn: show(turn, "staff_validity"),
            "2": lambda turn: _discard(turn, "staff_record"),
            "3": lambda turn: _discard(turn, "staff_menu"),  # `*`: back, the draft is kept
        },
        words={"save": "1", "rerecord": "2", "discard": "3"},
    )
)
register(
    Menu(
        name="staff_validity",
        staff=True,
        speak=lambda turn: [Line("staff.validity")],
        back="staff_review",
        keys={
            "1": lambda turn: _publish(turn, _end_of(turn, 0)),
            "2": lambda turn: _publish(turn, _week_end(turn)),
            "3": lambda turn: _publish(turn, None),
        },
    )
)
register(
    Menu(
        name="staff_prompt_number",
        staff=True,
        speak=lambda turn: [Line("staff.prompt_number")],
        digits=3,
        entry=_prompt_number_entered,
        short_numbers=True,  # prompt 9 is a prompt, not "repeat"
        back="staff_menu",
    )
)
register(
    Menu(
        name="staff_prompt_review",
        staff=True,
        speak=_prompt_review_speak,
        back="staff_menu",
        keys={
            "1": _use_prompt,
            "2": _prompt_again,
            "3": _discard_prompt,
        },
        words={"save": "1", "rerecord": "2", "discard": "3"},
    )
)
