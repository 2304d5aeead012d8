"""The /voice webhooks. Thin: find the call, let the flow write the reply, commit once."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Blueprint, Response, current_app, g, request, url_for
from twilio.twiml.voice_response import VoiceResponse
from werkzeug.exceptions import HTTPException

from voice.calls import engine, heard, params, state, steps
from voice.calls.apology import apology
from voice.calls.engine import Turn
from voice.calls.menus import language, main, message, reminder
from voice.calls.security import require_signature
from voice.centres import directory
from voice.db import db
from voice.meetings import state as meetings
from voice.models import Call, Event, Resident, utcnow
from voice.recordings import jobs as recordings
from voice.registrations.residents import masked
from voice.reminders import outcomes
from voice.speech import Voice, current_voice, hold, public_url

log = logging.getLogger(__name__)
bp = Blueprint("voice", __name__, url_prefix="/voice")
bp.before_request(require_signature)
bp.before_request(params.read)
bp.teardown_request(params.forget)

FINAL_STATUSES = {"completed", "busy", "failed", "no-answer", "canceled"}


def twiml(body: str, language: str = "") -> Response:
    """A TwiML reply, always as text/xml; with the call's language where it has one (Twilio
    ignores the header; the phone simulator shows it)."""
    response = Response(body, mimetype="text/xml")
    if language:
        response.headers["Content-Language"] = language
    return response


def _reply(
    handle: Callable[[Turn], None],
    *,
    new_call: bool = False,
    step: str | None = None,
) -> Response:
    """Run one step of the call and answer with its TwiML; a retried request gets the same.

    `new_call`: the webhook may be the call's first and makes its row (after an apology the
    row is usually there). `step` names the menu, recording or dial the URL asks
    for: it acts only when the call is in that step (steps.py); otherwise the caller hears the
    menu they are in again."""
    session = db.session
    form = params.webhook()
    try:
        if new_call:
            call = state.start(session, form)
        else:
            call = state.load(session, form.get("CallSid", ""))
    except state.LostCall as lost:
        log.warning("webhook %s: %s", request.path, lost)  # no traceback: nothing broke here
        return twiml(str(apology(current_voice(), url_for("voice.restart"))))  # call unknown
    token = params.idempotency_token()
    if token and call.last_token == token and call.last_reply:
        # a retry: the same answer, nothing done twice
        return twiml(call.last_reply, call.choices.get(language.LANGUAGE, ""))
    turn = Turn(
        session=session,
        call=call,
        params=form,
        voice=current_voice(),
        config=current_app.config,
        place=directory().by_id(call.centre_id),
        now=utcnow(),
    )
    # The call's new state is written once, at the commit, in one UPDATE with its reply (not
    # flushed before each query a step makes). A step that needs its own writes seen by a
    # later query flushes them itself.
    with session.no_autoflush:
        language.settle(turn)  # before the first word: the call speaks its own language
        if step is not None and not steps.allowed(turn, request.path, step):
            steps.refuse(turn, request.path)
        else:
            handle(turn)
        steps.remember(turn)
        body = str(turn.response)
        call.last_token, call.last_reply = token, body
    session.commit()
    return twiml(body, turn.voice.catalogue.language)


@bp.post("/incoming")
def incoming() -> Response:
    """A new call: greet the caller and offer the main menu."""
    return _reply(main.greet, new_call=True)


@bp.post("/menu/<name>")
def menu(name: str) -> Response:
    """A key pressed or (VOICE_SPEECH) words said in a menu, or without either the menu."""
    form = params.webhook()
    digits, said = form.get("Digits", ""), form.get("SpeechResult", "")
    if digits:
        return _reply(lambda turn: engine.press(turn, name, digits), step=name)
    if said:
        # Twilio sends a Confidence with its words; without one, they are taken as heard
        # (they must still be words of the menu).
        found = params.confidence(form.get("Confidence"))
        confidence = 1.0 if found is None else found
        return _reply(lambda turn: heard.hear(turn, name, said, confidence), step=name)
    return _reply(lambda turn: engine.show(turn, name), step=name)


@bp.post("/menu/<name>/silence")
def silence(name: str) -> Response:
    """The caller pressed nothing in a menu."""
    return _reply(lambda turn: engine.silence(turn, name), step=name)


@bp.post("/record/<purpose>")
def record(purpose: str) -> Response:
    """A <Record> finished."""
    return _reply(lambda turn: engine.RECORDINGS[purpose](turn), step=purpose)


@bp.post("/dial/<purpose>")
def dial(purpose: str) -> Response:
    """A <Dial> ended (DialCallStatus)."""
    return _reply(lambda turn: engine.DIALS[purpose](turn), step=purpose)


@bp.post("/restart")
def restart() -> Response:
    """After an apology: `0` a person, anything else the main menu from the start."""
    if params.webhook().get("Digits") == "0":
        return _reply(lambda turn: engine.show(turn, "person"), new_call=True)
    return _reply(lambda turn: engine.show(turn, "main"), new_call=True)


@bp.post("/reminder/answer")
def reminder_answered() -> Response:
    """A reminder call was answered (by a person or a machine)."""
    reminder_id = params.query_id("reminder")
    return _reply(lambda turn: reminder.answered(turn, reminder_id), new_call=True)


@bp.post("/reminder/status")
def reminder_status() -> Response:
    """How a reminder call went: placed, and later how it ended."""
    reminder_id = params.query_id("reminder")
    form = params.webhook()
    outcomes.record(
        db.session,
        reminder_id,
        form.get("CallStatus", ""),
        form.get("CallSid", ""),
        utcnow(),
    )
    db.session.commit()
    return twiml(str(VoiceResponse()))


@bp.post("/recording/<purpose>")
def recording_status(purpose: str) -> Response:
    """Twilio's recordingStatusCallback: a completed recording is queued to be fetched."""
    kinds = ("name", "message", "announcement", "prompt")
    form = params.webhook()
    if purpose in kinds and form.get("RecordingStatus") == "completed":
        recordings.note_completed(
            db.session,
            form.get("RecordingSid", ""),
            form.get("RecordingUrl", ""),
            purpose,
            form.get("CallSid", ""),
        )
        db.session.commit()
    return twiml(str(VoiceResponse()))


@bp.post("/meeting/hold")
def meeting_hold() -> Response:
    """The conference's waitUrl: a word of explanation, then calm music until the host comes."""
    response = VoiceResponse()
    voice = _call_voice(params.webhook().get("CallSid"))
    voice.speak(response, "meeting.waiting")
    store = current_app.extensions["audio_store"]
    name = hold.music_name()  # made by `prompts build` and the speech worker, not here
    if store is not None and store.path(name).is_file():
        response.play(public_url(url_for("speech.audio", name=name)), loop=0)
    else:
        response.pause(length=20)  # not built yet: quiet, then the explanation again
    return twiml(str(response))


@bp.post("/meeting/status")
def meeting_status() -> Response:
    """Twilio's conference status callbacks: stored, and applied to who is in the meeting."""
    event_id = params.query_id("event")
    form = params.webhook()
    call = state.find(db.session, form.get("CallSid", ""))
    label = _label(call)
    new = meetings.record(db.session, event_id, form, label, utcnow())
    db.session.commit()
    event = db.session.get(Event, event_id)
    starting = form.get("StatusCallbackEvent") == "conference-start"
    if new and starting and event is not None and event.wait_for_host:
        _announce_start(event)
    return twiml(str(VoiceResponse()))


def _announce_start(event: Event) -> None:
    """Those who waited hear that the host is here (a failure must not fail the callback)."""
    url = public_url(url_for("voice.meeting_started"))
    try:
        current_app.extensions["telephony"].announce(meetings.conference_name(event), url)
    except Exception:
        log.exception("could not announce the start of %s", meetings.conference_name(event))


@bp.post("/meeting/started")
def meeting_started() -> Response:
    """What everyone hears when the host opens the meeting."""
    response = VoiceResponse()
    # An announcement to a whole conference names no call: then the service's language.
    _call_voice(params.webhook().get("CallSid")).speak(response, "meeting.started")
    return twiml(str(response))


def _label(call: Call | None) -> str:
    """A name for the live panel: the resident's, or the masked number."""
    if call is None:
        return ""
    if call.resident_id:
        resident = db.session.get(Resident, call.resident_id)
        if resident is not None and resident.name:
            return resident.name
    return masked(call.from_number)


@bp.post("/status")
def status() -> Response:
    """Twilio's status callback: how the call ended. A recording not yet kept is kept now."""
    session = db.session
    form = params.webhook()
    call = state.find(session, form.get("CallSid", ""))
    if call is None:
        log.warning("status for unknown CallSid %r", form.get("CallSid"))
        return twiml(str(VoiceResponse()))
    call.status = form.get("CallStatus") or call.status
    call.duration = params.number(form.get("CallDuration")) or call.duration
    if call.status in FINAL_STATUSES:
        call.ended_at = call.ended_at or utcnow()
        message.save_pending(session, call)
    session.commit()
    return twiml(str(VoiceResponse()))


@bp.errorhandler(404)  # before the admin page's friendly 404, which is for people
@bp.errorhandler(Exception)
def apologise(error: Exception) -> Response | HTTPException:
    """Whatever broke, the caller hears an apology and a way on; Twilio never sees a 500."""
    if isinstance(error, HTTPException) and error.code in (403, 413):
        return error  # forged, or too large to read: Twilio sends neither
    sid = g.get("webhook_params", {}).get("CallSid")  # not read again: it may be what failed
    log.error("webhook %s failed for CallSid %s", request.path, sid, exc_info=error)
    try:
        db.session.rollback()
    except Exception:  # the database may be the thing that is gone
        log.exception("rollback failed for CallSid %s", sid)
    return twiml(str(apology(_call_voice(sid), url_for("voice.restart"))))


def _call_voice(sid: str | None) -> Voice:
    """The voice of the call's language and centre where we know the call, else the
    service's own; the database may be what failed, so then it is the service's language
    too."""
    if not sid:
        return current_voice()
    try:
        call = state.find(db.session, sid)
    except Exception:
        log.warning("no language for CallSid %s: the database does not answer", sid)
        try:
            db.session.rollback()
        except Exception:
            log.debug("rollback failed again for CallSid %s", sid)
        return current_voice()
    if call is None:
        return current_voice()
    # In its language, with its centre's staff recordings.
    return current_voice(call.choices.get(language.LANGUAGE), call.centre_id)
