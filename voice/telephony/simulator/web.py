"""The browser phone: a softphone page and the small JSON API behind it, plus the
recordings the simulator keeps. Only without Twilio, and only from this machine."""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from voice.db import db
from voice.models import Centre, Resident, accounts_exist
from voice.telephony.simulator.call import SimulatedCall
from voice.telephony.simulator.phone_system import SERVICE_NUMBER, PhoneSystem, language_name
from voice.telephony.simulator.verbs import Event
from voice.workers import app_object

bp = Blueprint(
    "simulator",
    __name__,
    url_prefix="/simulator",
    template_folder="templates",
    static_folder="static",
)
SID = re.compile(r"^(CA|RE)[0-9a-f]{32}$")
LOCAL = {"127.0.0.1", "::1"}


def phone_system() -> PhoneSystem:
    """The app's simulator, reachable at the address this request came to."""
    base = current_app.config["PUBLIC_BASE_URL"] or request.host_url
    systems: dict[str, PhoneSystem] = current_app.extensions.setdefault("phone_systems", {})
    if base not in systems:
        systems[base] = PhoneSystem(app_object(), base)
    return systems[base]


@bp.get("/recordings/<sid>.wav")
def recording(sid: str) -> Response:
    """A recording made in the simulator, as Twilio would serve it."""
    # Residents' voices: for this machine (the simulator fetches them here) and for staff.
    if not current_user.is_authenticated and not _from_this_machine():
        abort(403)
    path = Path(current_app.config["SIMULATOR_DIR"]) / f"{sid}.wav"
    if not SID.match(sid) or not path.is_file():
        abort(404)
    return send_file(path, mimetype="audio/wav")


def _local_only() -> None:
    """Staff who are logged in; before the first account exists, whoever sits at this machine."""
    if current_user.is_authenticated:
        return
    if accounts_exist(db.session):
        abort(403, "Bitte loggen Sie sich ein, um das Telefon zum Ausprobieren zu benutzen.")
    if not _from_this_machine():
        abort(403, "Das Telefon zum Ausprobieren ist nur auf diesem Rechner erreichbar.")


def _from_this_machine() -> bool:
    return request.remote_addr in LOCAL and not request.headers.get("X-Forwarded-For")


@bp.get("/")
def phone_page() -> ResponseReturnValue:
    """The softphone."""
    if not current_user.is_authenticated and accounts_exist(db.session):
        return redirect(url_for("admin.login", next=request.path))
    _local_only()
    return render_template(
        "simulator/phone.html",
        service_number=SERVICE_NUMBER,
        callers=_callers(),
        centres=_centres(),
    )


def _centres() -> list[tuple[str, str]]:
    """The numbers the simulator can dial, one for each number a centre answers: (number,
    "Weststadt (+4973100000001)"), the default centre first. A default centre that claims
    no number answers the simulator's own."""
    found = []
    rows = db.session.scalars(select(Centre).order_by(Centre.is_default.desc(), Centre.name))
    for centre in rows:
        numbers = centre.number_list or ([SERVICE_NUMBER] if centre.is_default else [])
        found += [(number, f"{centre.name} ({number})") for number in numbers]
    return found or [(SERVICE_NUMBER, SERVICE_NUMBER)]


def _callers() -> list[tuple[int, str]]:
    """The residents staff can call as ("Anrufen als"), each with the language their calls
    speak: so that a call in each language can be tried. Numbers are not shown: the page
    sends the resident's id."""
    names = {code: c.written("language_name") for code, c in _catalogues().items()}
    residents = db.session.scalars(
        select(Resident).order_by(Resident.name.is_(None), Resident.name, Resident.id).limit(200)
    )
    return [
        (
            person.id,
            f"{person.name or 'Ohne Namen'} (…{person.phone[-3:]}), "
            f"{names.get(person.language, person.language)}",
        )
        for person in residents
    ]


def _catalogues() -> dict[str, Any]:
    found: dict[str, Any] = current_app.extensions.get("catalogues", {})
    return found


def check_api() -> None:
    _local_only()
    # A header a cross-site form cannot send: the API answers only its own page.
    if request.headers.get("X-Softphone") != "1":
        abort(403)


def _state(call: SimulatedCall, events: list[Event]) -> Response:
    waiting = call.waiting.element.attrib if call.waiting is not None else {}
    return jsonify(
        sid=call.sid,
        state=call.state,
        status=call.status,
        timeout=int(waiting.get("timeout", "5")) if call.state == "gather" else None,
        language=language_name(call.language) if call.language else "",
        events=[asdict(e) for e in events],
    )


def _call(sid: str) -> SimulatedCall:
    call = phone_system().calls.get(sid)
    if call is None:
        abort(404)
    return call


@bp.post("/api/calls")
def start_call() -> Response:
    """Dial the service from the given number."""
    check_api()
    data = request.json or {}
    caller = data.get("from") or "+4973112345678"
    if data.get("resident"):  # "Anrufen als": a resident, from their number
        try:
            person = db.session.get(Resident, int(data["resident"]))
        except (TypeError, ValueError):
            person = None
        if person is None:
            abort(404)
        caller = person.phone
    # One of the centres' numbers (as the page offers them); else the simulator's own.
    called = str(data.get("to") or "")
    if called not in {number for number, _label in _centres()}:
        called = SERVICE_NUMBER
    call = phone_system().dial_in(caller, called)
    return _state(call, call.start())


@bp.get("/api/ringing")
def ringing() -> Response:
    """Calls the service is placing, ringing at simulated phones."""
    check_api()
    rings = list(phone_system().ringing.values())
    return jsonify([{"sid": r.sid, "to": r.to, "from": r.caller} for r in rings])


@bp.post("/api/ringing/<sid>/answer")
def answer(sid: str) -> Response:
    """Pick up a ringing call."""
    check_api()
    system = phone_system()
    if sid not in system.ringing:
        abort(404)
    call = system.answer(sid)
    return _state(call, call.events)


@bp.post("/api/calls/<sid>/<action>")
def act(sid: str, action: str) -> Response:
    """press, say, silence, record, end-bridge or hangup."""
    check_api()
    call = _call(sid)
    data = request.get_json(silent=True) or {}
    if action == "press":
        events = call.press(str(data.get("digits", ""))[:20])
    elif action == "say":
        events = call.say(str(data.get("words", ""))[:200], _confidence(data.get("confidence")))
    elif action == "silence":
        events = call.silence()
    elif action == "record":
        upload = request.files.get("audio")
        events = call.record(upload.read() if upload else None)
    elif action == "end-bridge":
        events = call.end_bridge(data.get("status", "completed"))
    elif action == "hangup":
        events = call.hang_up()
    else:
        abort(404)
    return _state(call, events)


def _confidence(value: object) -> float:
    """How sure the simulated recogniser is (0 to 1; what Twilio sends as Confidence)."""
    try:
        return min(max(float(str(value)), 0.0), 1.0)
    except ValueError:
        return 0.9
