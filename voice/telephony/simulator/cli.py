"""`flask --app app call`: phone the service from the terminal, through the simulator."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import tempfile

import click
from flask import current_app
from flask.cli import with_appcontext

from voice.telephony.simulator.call import SimulatedCall
from voice.telephony.simulator.phone_system import SERVICE_NUMBER, PhoneSystem, language_name
from voice.telephony.simulator.verbs import Event
from voice.workers import app_object

HELP = {
    "gather": "Tasten oder say:Wörter (Enter: nichts drücken, q: auflegen)",
    "record": "Enter: Testton aufnehmen, s: still bleiben, q: auflegen",
    "bridge": "Enter: Verbindung beenden, b: besetzt, n: keine Antwort, Tasten, q: auflegen",
}
BRIDGE_ENDS = {"end": "completed", "busy": "busy", "no-answer": "no-answer", "failed": "failed"}


def show(event: Event) -> str | None:
    """One line of the transcript."""
    if event.kind == "say":
        return f"  « {event.text}"
    if event.kind == "play":
        return f"  ♪ {event.text or '(Aufnahme)'}"
    if event.kind == "dial":
        return f"  → verbunden mit {event.text or event.detail.get('kind')}"
    if event.kind == "record":
        return "  ● Aufnahme läuft"
    if event.kind == "bridge":
        return f"  ← Verbindung beendet ({event.text})"
    if event.kind == "hangup":
        return "  ✆ Das Quartierstelefon legt auf."
    if event.kind == "error":
        return f"  ✗ FEHLER: {event.text}"
    if event.kind == "dtmf":
        return f"  # Tonwahl {event.text}"
    if event.kind == "language":
        return f"  ⚑ Sprache: {language_name(event.text)}"
    return None


def _print(events: list[Event], player: str | None, call: SimulatedCall) -> None:
    for event in events:
        line = show(event)
        if line:
            click.echo(line)
        if player and event.kind == "play":
            _play(player, call, event.url)


def _play(player: str, call: SimulatedCall, url: str) -> None:
    answer = call.transport.request("GET", url, {})
    with tempfile.NamedTemporaryFile(suffix=".wav") as handle:
        handle.write(answer.body)
        handle.flush()
        command = (
            [player, "-nodisp", "-autoexit", "-loglevel", "quiet"]
            if player.endswith("ffplay")
            else [player, "-q"]
        )
        subprocess.run([*command, handle.name], check=False)


def _spoken(text: str) -> tuple[str, float]:
    """`say:ich_möchte_mich_anmelden` or `say:"ich möchte"`, with `@0.3` at the end for
    words the recogniser is unsure of: the words and Twilio's Confidence (default 0.9)."""
    words, _at, sure = text.rpartition("@") if "@" in text else (text, "", "")
    try:
        confidence = min(max(float(sure), 0.0), 1.0) if sure else 0.9
    except ValueError:
        words, confidence = text, 0.9
    return words.replace("_", " ").strip().strip("\"'"), confidence


def _tokens(keys: str) -> list[str]:
    """The scripted tokens: `say:"ich möchte"` stays one (an odd quote: split at spaces)."""
    try:
        return shlex.split(keys)
    except ValueError:
        return keys.split()


def _step(call: SimulatedCall, token: str) -> list[Event]:
    """Do what one token (typed or scripted) says."""
    if token in ("q", "hangup"):
        return call.hang_up()
    if call.state == "record":
        return call.silence() if token in ("s", ".", "-") else call.record()
    if call.state == "bridge" and token in ("", "b", "n", *BRIDGE_ENDS):
        status = {"": "completed", "b": "busy", "n": "no-answer"}.get(token) or BRIDGE_ENDS[token]
        return call.end_bridge(status)
    if token.startswith("say:"):
        return call.say(*_spoken(token.removeprefix("say:")))
    if token in ("", ".", "-"):
        return call.silence()
    if token == "rec":
        return call.record()
    return call.press(token)


@click.command("call")
@click.option(
    "--from", "caller", default="+4973112345678", show_default=True, help="Calling number."
)
@click.option("--to", "called", default=SERVICE_NUMBER, show_default=True, help="Number dialled.")
@click.option(
    "--keys",
    default=None,
    help='Scripted call, e.g. "1 1 2": keys, "say:anmelden" (words joined by _ or quoted, '
    '"@0.3" for unclear speech), "." silence, "rec", "end", "q".',
)
@click.option(
    "--audio/--no-audio", default=None, help="Play built audio (default: when a player exists)."
)
@with_appcontext
def call_command(caller: str, called: str, keys: str | None, audio: bool | None) -> None:
    """Phone the service from this terminal, without Twilio."""
    base = current_app.config["PUBLIC_BASE_URL"] or "http://localhost"
    system = PhoneSystem(app_object(), base)
    player = shutil.which("ffplay") or shutil.which("aplay")
    if audio is None:
        audio = keys is None and sys.stdout.isatty() and player is not None
    player = player if audio else None
    call = system.dial_in(caller, called)
    click.echo(f"Anruf von {caller} bei {called}")
    _print(call.start(), player, call)
    tokens = _tokens(keys) if keys is not None else None
    while call.state != "ended":
        if tokens is not None:
            token = tokens.pop(0) if tokens else "q"
            click.echo(f"> {token}")
        else:
            token = click.prompt(HELP.get(call.state, ">"), default="", show_default=False).strip()
        _print(_step(call, token), player, call)
    click.echo(f"Aufgelegt ({call.status}).")
    if call.problems:
        raise SystemExit(1)
