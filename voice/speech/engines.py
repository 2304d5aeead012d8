"""Text-to-speech engines behind one small interface: Google (gTTS), and offline SVOX Pico
(German, English, ...) and eSpeak NG (the languages Pico lacks, Turkish among them)."""

from __future__ import annotations

import io
import logging
import struct
import subprocess
import threading
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # engines and audio libraries load where speech is made, not in web workers
    from voice.speech.audio import Speech

log = logging.getLogger(__name__)

# Pico's voices, by catalogue language.
PICO_VOICES = {"de": "de-DE", "en": "en-GB", "fr": "fr-FR", "es": "es-ES", "it": "it-IT"}


class EngineError(Exception):
    """The engine could not speak this text (unreachable, refused, unsupported)."""


PICO_RATE = 16000  # Pico speaks 16-bit mono PCM at 16 kHz
GTTS_RATE = 24000  # Google's MP3


class Engine(Protocol):
    """A text-to-speech engine."""

    name: str
    voice: str  # part of every file's hash: a different voice is a different file
    cpu_bound: bool  # True: builds run it in processes (it holds the GIL); else on threads

    def synthesize(self, text: str, language: str, tempo: float = 1.0) -> Speech:
        """Speak the text at the tempo (below 1: slower); EngineError when not possible."""
        ...


class PicoEngine:
    """SVOX Pico via py-nanotts: offline, fast, robotic but clear.

    The tempo is Pico's own speed markup (`<speed level="90">`), which py-nanotts writes
    around the text: the voice itself speaks slower, nothing is stretched afterwards. Each
    call sets Pico up afresh and holds the GIL throughout, so builds run it in processes."""

    name = "pico"
    voice = "pico-1"
    cpu_bound = True  # a build runs it in one process per core

    def synthesize(self, text: str, language: str, tempo: float = 1.0) -> Speech:
        from py_nanotts import NanoTTS

        from voice.speech.audio import Speech

        voice = PICO_VOICES.get(language)
        if voice is None:
            raise EngineError(f"pico has no voice for {language!r}")
        pcm = NanoTTS().speak(text, voice=voice, speed=None if tempo == 1.0 else tempo)
        if not pcm:
            raise EngineError("pico returned no audio")
        return Speech.from_pcm16(pcm, PICO_RATE)


class GttsEngine:
    """Google's voice via gTTS, with a timeout, a throttle and retries with backoff.

    gTTS waits forever by default and is rate-limited by Google (pndurette/gTTS#259), so
    every request has a timeout, requests are spaced out, and 429/5xx are retried."""

    name = "gtts"
    cpu_bound = False  # it waits on the network: a build runs it on threads

    def __init__(
        self, timeout: float, tld: str = "com", min_interval: float = 0.4, retries: int = 3
    ) -> None:
        self.timeout = timeout
        self.tld = tld
        self.voice = gtts_voice(tld)
        self.min_interval = min_interval
        self.retries = retries
        self._lock = threading.Lock()
        self._last = 0.0
        self.backoff = time.sleep  # how to wait before a retry (a test counts the waits)

    def synthesize(self, text: str, language: str, tempo: float = 1.0) -> Speech:
        """Google has no rate control but "slow" (far too slow): its speech is time-stretched."""
        from voice.speech.audio import decode_mp3, stretch

        return stretch(decode_mp3(self._mp3(text, language), GTTS_RATE), tempo)

    def _mp3(self, text: str, language: str) -> bytes:
        from gtts import gTTSError

        for attempt in range(self.retries + 1):
            try:
                return self._fetch(text, language)
            except gTTSError as exc:
                status = exc.rsp.status_code if exc.rsp is not None else None
                retry = status is not None and (status == 429 or status >= 500)
                if not retry or attempt == self.retries:
                    raise EngineError(f"gtts: {exc}") from exc
                delay = 2.0 * 2**attempt
                log.warning("gtts answered %s, retrying in %.0f s", status, delay)
                self.backoff(delay)
        raise EngineError("gtts: no answer")  # pragma: no cover - the loop returns or raises

    def _fetch(self, text: str, language: str) -> bytes:
        from gtts import gTTS

        self._throttle()
        buffer = io.BytesIO()  # in memory: a failed request leaves no partial file anywhere
        tts = gTTS(text, lang=language, tld=self.tld, lang_check=False, timeout=self.timeout)
        tts.write_to_fp(buffer)
        if buffer.tell() == 0:
            raise EngineError("gtts returned no audio")
        return buffer.getvalue()

    def _throttle(self) -> None:
        with self._lock:
            wait = self._last + self.min_interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()


class EspeakEngine:
    """eSpeak NG (Debian package `espeak-ng`) for the languages Pico does not speak: offline,
    formant speech, understandable. The tempo is its own words-per-minute setting."""

    name = "espeak"
    voice = "espeak-ng-1"
    cpu_bound = True  # a separate process per text, waited for: a build runs it in processes
    WPM = 160  # eSpeak's speed at tempo 1 (its default, 175, is fast for older callers)

    def synthesize(self, text: str, language: str, tempo: float = 1.0) -> Speech:
        from voice.speech.audio import Speech

        speed = max(80, round(self.WPM * tempo))
        command = ["espeak-ng", "-v", language, "-s", str(speed), "--stdout"]
        try:  # the text on stdin: never read as an option
            done = subprocess.run(
                command, input=text.encode(), capture_output=True, timeout=60, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EngineError(f"espeak-ng: {exc}") from exc
        wav = done.stdout
        if done.returncode != 0 or len(wav) <= 44 or wav[:4] != b"RIFF":
            raise EngineError(f"espeak-ng: {done.stderr.decode(errors='replace')[-300:]}")
        # Written to a pipe, its header's sizes are placeholders: read the rate, take the rest.
        (rate,) = struct.unpack_from("<I", wav, 24)
        return Speech.from_pcm16(wav[44 : len(wav) - len(wav) % 2], rate)


def offline_engine(language: str) -> str:
    """The offline engine for a language: Pico where it has a voice, else eSpeak NG."""
    return "pico" if language in PICO_VOICES else "espeak"


def gtts_voice(tld: str) -> str:
    """Google's voice differs by the Translate domain it is fetched from."""
    return f"gtts-{tld}"


def make_engines(config: Mapping[str, Any]) -> dict[str, Engine]:
    """Every engine, configured."""
    return {
        "gtts": GttsEngine(config["VOICE_GTTS_TIMEOUT"], config["VOICE_GTTS_TLD"]),
        "pico": PicoEngine(),
        "espeak": EspeakEngine(),
    }


def engine_names(setting: str, language: str) -> list[str]:
    """The engines whose audio a call in this language may use, in order of preference.
    `pico` means the offline engines: Pico, or eSpeak NG for a language Pico lacks."""
    offline = offline_engine(language)
    return {"gtts": ["gtts"], "pico": [offline], "auto": ["gtts", offline], "say": []}[setting]


def engine_voices(config: Mapping[str, Any]) -> dict[str, str]:
    """Each engine's voice, as part of the hash of the files it made."""
    return {
        "gtts": gtts_voice(config["VOICE_GTTS_TLD"]),
        "pico": PicoEngine.voice,
        "espeak": EspeakEngine.voice,
    }
