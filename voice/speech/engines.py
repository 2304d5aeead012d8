"""Text-to-speech engines behind one small interface: Google (gTTS) and SVOX Pico (offline)."""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from gtts import gTTS, gTTSError
from py_nanotts import NanoTTS

log = logging.getLogger(__name__)

# Pico's voices, by catalogue language.
PICO_VOICES = {"de": "de-DE", "en": "en-GB", "fr": "fr-FR", "es": "es-ES", "it": "it-IT"}


class EngineError(Exception):
    """The engine could not speak this text (unreachable, refused, unsupported)."""


@dataclass(frozen=True)
class Speech:
    """Audio as an engine returns it: bytes plus what ffmpeg needs to read them."""

    data: bytes
    ffmpeg_input: tuple[str, ...]  # e.g. ("-f", "mp3") or ("-f", "s16le", "-ar", "16000", ...)


class Engine(Protocol):
    """A text-to-speech engine."""

    name: str
    voice: str  # part of every file's hash: a different voice is a different file

    def synthesize(self, text: str, language: str) -> Speech:
        """Speak the text; EngineError when that is not possible."""
        ...


class PicoEngine:
    """SVOX Pico via py-nanotts: offline, fast, robotic but clear."""

    name = "pico"
    voice = "pico-1"

    def __init__(self) -> None:
        self._tts = NanoTTS()
        self._lock = threading.Lock()  # the C library keeps global state

    def synthesize(self, text: str, language: str) -> Speech:
        voice = PICO_VOICES.get(language)
        if voice is None:
            raise EngineError(f"pico has no voice for {language!r}")
        with self._lock:
            pcm = self._tts.speak(text, voice=voice)
        if not pcm:
            raise EngineError("pico returned no audio")
        return Speech(pcm, ("-f", "s16le", "-ar", "16000", "-ac", "1"))


class GttsEngine:
    """Google's voice via gTTS, with a timeout, a throttle and retries with backoff.

    gTTS waits forever by default and is rate-limited by Google (pndurette/gTTS#259), so
    every request has a timeout, requests are spaced out, and 429/5xx are retried."""

    name = "gtts"

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

    def synthesize(self, text: str, language: str) -> Speech:
        for attempt in range(self.retries + 1):
            try:
                return Speech(self._fetch(text, language), ("-f", "mp3"))
            except gTTSError as exc:
                status = exc.rsp.status_code if exc.rsp is not None else None
                retry = status is not None and (status == 429 or status >= 500)
                if not retry or attempt == self.retries:
                    raise EngineError(f"gtts: {exc}") from exc
                delay = 2.0 * 2**attempt
                log.warning("gtts answered %s, retrying in %.0f s", status, delay)
                time.sleep(delay)
        raise EngineError("gtts: no answer")  # pragma: no cover - the loop returns or raises

    def _fetch(self, text: str, language: str) -> bytes:
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


def gtts_voice(tld: str) -> str:
    """Google's voice differs by the Translate domain it is fetched from."""
    return f"gtts-{tld}"


def make_engines(config: Mapping[str, Any]) -> dict[str, Engine]:
    """Every engine, configured."""
    return {
        "gtts": GttsEngine(config["VOICE_GTTS_TIMEOUT"], config["VOICE_GTTS_TLD"]),
        "pico": PicoEngine(),
    }


def engine_names(setting: str) -> list[str]:
    """The engines whose audio a call may use, in order of preference."""
    return {"gtts": ["gtts"], "pico": ["pico"], "auto": ["gtts", "pico"], "say": []}[setting]
