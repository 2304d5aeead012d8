"""Journeys benchmark (issue 14): how long the standard calls are for an older caller.

Builds every language's prompts with the offline engines (SVOX Pico; eSpeak NG for Turkish;
`prompts build`), loads the demo events (one running now, one tomorrow, one next week), dials
the standard journeys through the phone simulator and prints, beside the goals: keys pressed,
seconds of speech heard (the built audio's real durations, every prompt listened to its end),
seconds until the first key is offered (the greeting's offer of the other languages counts)
and until the German menu's first key, and words per minute of the prompts heard. Then the
speaking rate of every catalogue (German, English, Turkish): per built text of two words or
more (whole prompts and the fixed pieces between a prompt's values), and per sentence built on
its own.
Run: .venv/bin/python bench/journeys.py
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from voice import create_app, schema
from voice.config import PROJECT_ROOT
from voice.db import make_engine
from voice.demo import load_demo
from voice.models import Event, Message, Registration, RegistrationStatus, Resident
from voice.speech import audio_settings, build
from voice.speech.audio import wav_seconds
from voice.speech.catalogue import load
from voice.speech.engines import Engine, PicoEngine, make_engines, offline_engine
from voice.speech.settings import PAUSE_MARK, AudioSettings
from voice.speech.store import AudioStore
from voice.telephony.simulator import PhoneSystem
from voice.telephony.simulator.call import SimulatedCall

BASE_URL = "http://bench.local"
KNOWN, NEW = "+497311234567", "+497317654321"
FIRST_KEY_GOAL = 12.0  # seconds from pickup
WPM_GOAL, SENTENCE_WPM_GOAL = 140, 150
# Where a key is offered: "drücken Sie die 1", "die 2.", "press 9", "the star key".
KEY_OFFER = re.compile(
    r"drücken Sie|\bdie [0-9]\b|Stern-Taste|Raute-Taste|\bpress\b|\b(star|hash) key", re.I
)
# The first key of the menu itself, for a German caller: past the greeting's offer of the
# other languages (itself a key offered, in English and Turkish).
MENU_OFFER = re.compile(r"drücken Sie|\bdie [0-9]\b|Stern-Taste|Raute-Taste")
WORD = re.compile(r"[\w\d]+(?:[-'’][\w\d]+)*")


@dataclass
class Journey:
    """A call: who calls, what they do, the sentence that ends it, and its goals."""

    name: str
    caller: str
    steps: list[str]  # keys, or "record" (the caller speaks into a <Record>)
    until: str  # regex: the prompt (or dial) after which the journey is done
    keys_goal: int | None = None
    speech_goal: float | None = None


JOURNEYS = [
    Journey("unknown caller: pickup to first key", NEW, [], r"^$"),
    Journey("known caller: pickup to first key", KNOWN, [], r"^$"),
    # The greeting offers tomorrow's event: 1 books it, 1 answers the reminder question.
    Journey("known caller books the next event", KNOWN, ["1", "1"], "angemeldet für", 3, 45.0),
    # The greeting offers every caller who can book the next event: 1 books it, then the
    # name (after the privacy sentence) and the reminder question.
    Journey(
        "first-time caller books an event",
        NEW,
        ["1", "record", "1"],
        "angemeldet für",
        4,
        75.0,
    ),
    Journey("join the running event", NEW, ["3", "1"], "<dial>"),
    Journey("leave a message", NEW, ["5", "record", "1"], "Nachricht ist gespeichert"),
]


@dataclass
class Heard:
    """What one journey cost the caller."""

    keys: int = 0
    seconds: float = 0.0
    words: int = 0
    first_key: float | None = None  # any key, the other languages' too
    menu_key: float | None = None  # the first key of the menu, in German
    fastest: tuple[float, str] = (0.0, "")
    unbuilt: list[str] = field(default_factory=list)


def words(text: str) -> int:
    return len(WORD.findall(text.replace(PAUSE_MARK, " ")))


class Listener:
    """Turns a simulated call's events into seconds of speech, words and the first key."""

    def __init__(self, store: AudioStore) -> None:
        self.store = store
        self.engine = PicoEngine()
        self.prefixes: dict[str, float] = {}

    def seconds(self, url: str) -> float:
        return wav_seconds(
            self.store.path(url.rsplit("/", 1)[-1].removesuffix(".wav")).read_bytes()
        )

    def until_offer(self, text: str, whole: float, offer: re.Pattern[str] = KEY_OFFER) -> float:
        """Seconds from the start of a built text to the end of its first key offer."""
        parts = [p.strip() for p in text.split(PAUSE_MARK) if p.strip()]
        first = next(i for i, part in enumerate(parts) if offer.search(part))
        if first == len(parts) - 1:
            return whole
        prefix = f" {PAUSE_MARK} ".join(parts[: first + 1])
        if prefix not in self.prefixes:
            wav = build.render(self.engine, prefix, self.store.language, self.store.settings)
            self.prefixes[prefix] = wav_seconds(wav)
        return self.prefixes[prefix]

    def listen(self, call: SimulatedCall, journey: Journey) -> Heard:
        heard = Heard(keys=sum(1 for step in journey.steps if step != "record"))
        done = re.compile(journey.until)
        waits = 0  # the journey ends only after its last step: a greeting may say "angemeldet"
        for event in call.events:
            waits += event.kind in ("gather", "record")
            if event.kind == "say":
                heard.unbuilt.append(event.text)
            if event.kind == "dial" and journey.until == "<dial>":
                return heard
            if event.kind != "play" or not event.text:  # the caller's own recording
                continue
            seconds = self.seconds(event.url)
            if heard.first_key is None and KEY_OFFER.search(event.text):
                heard.first_key = heard.seconds + self.until_offer(event.text, seconds)
            if heard.menu_key is None and MENU_OFFER.search(event.text):
                until = self.until_offer(event.text, seconds, MENU_OFFER)
                heard.menu_key = heard.seconds + until
                if journey.until == "^$":
                    heard.seconds = heard.menu_key
                    return heard
            heard.seconds += seconds
            heard.words += words(event.text)
            rate = words(event.text) / seconds * 60
            heard.fastest = max(heard.fastest, (rate, event.text))
            if waits >= len(journey.steps) and done.search(event.text):
                return heard
        raise AssertionError(f"{journey.name}: never reached {journey.until!r}")


def _app(folder: str):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{folder}/bench.db"
    schema.upgrade(make_engine(url))
    return create_app(
        {
            "DATABASE_URL": url,
            "PUBLIC_BASE_URL": BASE_URL,
            "VOICE_TTS_ENGINE": "pico",
            "VOICE_LANGUAGE": "de",
            "AUDIO_DIR": f"{folder}/audio",
            "SIMULATOR_DIR": f"{folder}/simulator",
            "OFFICE_HOURS": "",
            "STAFF_PHONE_NUMBER": "",
            "PUBLIC_PHONE_NUMBER": "0731 1234567",
        }
    )


def _setup(app) -> None:  # type: ignore[no-untyped-def]
    """The demo events; a known caller booked for next week's event, not for tomorrow's."""
    with app.app_context(), app.extensions["db"].begin() as session:
        load_demo(session, ZoneInfo(app.config["TIMEZONE"]))
        session.flush()
        later = session.scalar(select(Event).where(Event.phone_code == "1003"))
        erika = Resident(phone=KNOWN, name="Erika Muster")
        session.add(erika)
        session.flush()
        session.add(
            Registration(event_id=later.id, resident_id=erika.id, status=RegistrationStatus.BOOKED)
        )
    result = app.test_cli_runner().invoke(args=["prompts", "build"])
    assert result.exit_code == 0, result.output


def _reset(app) -> None:  # type: ignore[no-untyped-def]
    """Each journey starts from the same data: the first-time caller is new again."""
    with app.app_context(), app.extensions["db"].begin() as session:
        new = session.scalar(select(Resident).where(Resident.phone == NEW))
        if new is not None:
            for row in session.scalars(
                select(Registration).where(Registration.resident_id == new.id)
            ):
                session.delete(row)
            for row in session.scalars(select(Message).where(Message.resident_id == new.id)):
                session.delete(row)
            session.flush()
            session.delete(new)
        erika = session.scalar(select(Resident).where(Resident.phone == KNOWN))
        tomorrow = session.scalar(select(Event).where(Event.phone_code == "1002"))
        for row in session.scalars(
            select(Registration).where(
                Registration.resident_id == erika.id, Registration.event_id == tomorrow.id
            )
        ):
            session.delete(row)
        tomorrow.seats_taken = 0


def _dial(system: PhoneSystem, journey: Journey) -> SimulatedCall:
    call = system.dial_in(journey.caller)
    call.start()
    for step in journey.steps:
        if step == "record":
            call.record(seconds=3)
        else:
            call.press(step)
    return call


def _line(label: str, value: str, goal: str = "") -> None:
    print(f"{label:<44}{value:>12}   {goal}")


def _journeys(app, store: AudioStore) -> None:  # type: ignore[no-untyped-def]
    system = PhoneSystem(app, BASE_URL, strict=True)
    listener = Listener(store)
    for journey in JOURNEYS:
        _reset(app)
        heard = listener.listen(_dial(system, journey), journey)
        assert not heard.unbuilt, f"{journey.name}: not built: {heard.unbuilt}"
        print(journey.name)
        if journey.until == "^$":
            first = heard.first_key or 0.0
            _line("  first key offered after", f"{first:.1f} s", f"goal: <= {FIRST_KEY_GOAL:.0f} s")
            menu = heard.menu_key or 0.0
            _line("  first menu key (German) after", f"{menu:.1f} s")
            continue
        keys_goal = f"goal: <= {journey.keys_goal}" if journey.keys_goal else ""
        speech_goal = f"goal: <= {journey.speech_goal:.0f} s" if journey.speech_goal else ""
        _line("  keys", str(heard.keys), keys_goal)
        _line("  speech heard", f"{heard.seconds:.1f} s", speech_goal)
        _line(
            "  first key offered after",
            f"{heard.first_key or 0:.1f} s",
            f"goal: <= {FIRST_KEY_GOAL:.0f} s",
        )
        rate = heard.words / heard.seconds * 60 if heard.seconds else 0.0
        _line("  words per minute heard", f"{rate:.0f}", f"goal: <= {WPM_GOAL}")
        _line(
            "  fastest prompt heard",
            f"{heard.fastest[0]:.0f} wpm",
            f"goal: <= {WPM_GOAL}  {heard.fastest[1][:44]!r}",
        )


def _sentences(text: str) -> list[str]:
    """The sentences of a text (a pause mark ends one too)."""
    parts = re.split(r"(?<=[.!?])\s+|\s*\|\s*", text)
    return [part for part in parts if words(part) >= 2]


def _catalogue_rates(folder: str, settings: AudioSettings) -> None:
    for path in sorted((PROJECT_ROOT / "prompts").glob("*.toml")):
        catalogue = load(path)
        # The offline engine of the language: Pico, or eSpeak NG where Pico has no voice.
        engine: Engine = make_engines({"VOICE_GTTS_TIMEOUT": 1.0, "VOICE_GTTS_TLD": "com"})[
            offline_engine(catalogue.language)
        ]
        store = AudioStore(
            Path(folder, "rates", catalogue.language),
            catalogue.language,
            [engine.name],
            {engine.name: engine.voice},
            settings,
        )
        texts = {t for t in build.static_texts(catalogue) if words(t) >= 2}
        build.build(store, [engine], texts)
        rates = sorted(
            (words(t) / wav_seconds(store.path(store.find(t) or "").read_bytes()) * 60, t)
            for t in texts
        )
        sentences = {s for t in texts for s in _sentences(t)}
        build.build(store, [engine], sentences)
        sentence_rates = sorted(
            (words(s) / wav_seconds(store.path(store.find(s) or "").read_bytes()) * 60, s)
            for s in sentences
        )
        lang = catalogue.language
        mean = sum(r for r, _t in rates) / len(rates)
        print(f"catalogue {lang}: {len(rates)} prompts of two words or more")
        _line("  mean words per minute", f"{mean:.0f}")
        _line("  fastest prompt", f"{rates[-1][0]:.0f} wpm", f"goal: <= {WPM_GOAL}")
        _line(
            "  prompts faster than the goal", str(sum(r > WPM_GOAL for r, _t in rates)), "goal: 0"
        )
        _line(
            "  fastest sentence",
            f"{sentence_rates[-1][0]:.0f} wpm",
            f"goal: <= {SENTENCE_WPM_GOAL}",
        )
        _line(
            "  sentences faster than 150",
            str(sum(r > SENTENCE_WPM_GOAL for r, _s in sentence_rates)),
            "goal: 0",
        )
        for rate, text in rates[-3:]:
            print(f"    {rate:5.0f} wpm  {text[:70]}")
        for rate, text in sentence_rates[-3:]:
            print(f"    {rate:5.0f} wpm  {text[:70]}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = _app(folder)
        _setup(app)
        _journeys(app, app.extensions["audio_store"])
        _catalogue_rates(folder, audio_settings(app.config))
        app.extensions["db"].kw["bind"].dispose()


if __name__ == "__main__":
    main()
