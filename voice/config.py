"""Configuration: defaults first, then the environment (and an optional `.env` file)."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dotenv import load_dotenv

log = logging.getLogger(__name__)
PROJECT_ROOT = Path(__file__).resolve().parent.parent
SIMULATOR_NUMBER = "+4973100000000"  # the number residents dial in the phone simulator

# Every setting the service reads, with its default. The README documents each one.
DEFAULTS: dict[str, Any] = {
    "SECRET_KEY": None,
    "DATABASE_URL": None,  # None: SQLite in the instance folder
    "TWILIO_ACCOUNT_SID": "",
    "TWILIO_AUTH_TOKEN": "",
    "PUBLIC_BASE_URL": "",
    "VOICE_TTS_ENGINE": "auto",
    "VOICE_TEMPO": 1.0,
    "VOICE_LOUDNESS": -18.0,
    "VOICE_GTTS_TIMEOUT": 10.0,
    "VOICE_GTTS_TLD": "com",
    "AUDIO_DIR": None,  # None: audio/ in the instance folder
    "AUDIO_MAX_SECONDS": 600,
    "UPLOAD_MAX_MB": 50,  # the largest audio file staff may upload; other requests: 64 KB
    "SIMULATOR_DIR": None,  # None: simulator/ in the instance folder (simulated recordings)
    "VOICE_LANGUAGE": "de",
    # Twilio's <Say> voice per language (VOICE_SAY_VOICE_<CODE>); empty: Twilio's default
    # voice for the language. A language without a setting gets Twilio's default.
    "VOICE_SAY_VOICE_DE": "Polly.Vicki-Neural",
    "VOICE_SAY_VOICE_EN": "Polly.Amy-Neural",
    "VOICE_SAY_VOICE_TR": "Polly.Filiz",
    "VOICE_SAY_VOICE": None,  # deprecated: the German voice (VOICE_SAY_VOICE_DE wins)
    "VOICE_SAY_RATE": "90%",
    "VOICE_GATHER_TIMEOUT": 10,
    "VOICE_MAX_SILENCE": 3,
    # Menus also listen for spoken words (Twilio bills speech recognition per <Gather>).
    "VOICE_SPEECH": "on",
    # Below this Confidence (0 to 1) the caller is asked once "Meinten Sie …?"; 0: never.
    "VOICE_SPEECH_CONFIDENCE": 0.5,
    "OFFICE_HOURS": "Mo-Fr 09:00-12:00; Di,Do 14:00-17:00",
    "STAFF_PHONE_NUMBER": "",
    "PUBLIC_PHONE_NUMBER": "",  # the number residents dial, as printed (info screen, flyer)
    "SESSION_MINUTES": 120,  # an admin session ends after this long without a click
    # Reverse proxies in front of the app whose X-Forwarded-For names the client (login limits
    # count per client address); 0: the address the connection came from.
    "TRUSTED_PROXIES": 0,
    "REMINDER_RATE": 1.0,  # calls per second for all dialers together (Twilio's default limit)
    "REMINDER_HOURS": "08:00-20:00",  # no reminder calls outside these hours
    "RECORDINGS_DELETE_AT_TWILIO": "1",  # delete Twilio's copy once a recording is ours
    # Where recordings are fetched with the account's credentials (https only; `*` is one
    # label of a host name). Twilio's REST API: api.twilio.com, api.us1.twilio.com, and
    # api.{edge}.{region}.twilio.com for processing in Ireland or Australia
    # (api.dublin.ie1.twilio.com, api.sydney.au1.twilio.com). The old api.{region} names
    # stopped working on 28 April 2026, so they are not on the list.
    "RECORDINGS_HOSTS": "api.twilio.com api.us1.twilio.com api.*.*.twilio.com",
    # Where recordings are kept for every app server: `database` (the table audio_files; each
    # server keeps copies under AUDIO_DIR). An S3-compatible store is not built yet.
    "RECORDINGS_STORE": "database",
    # How often (seconds, at most) a process asks the database whether staff recordings, staff
    # numbers or centres changed through another server; a change on this server: at once.
    "CACHE_CHECK_SECONDS": 2.0,
    # Twilio's REST API in a region other than the US (Ireland: TWILIO_REGION=ie1,
    # TWILIO_EDGE=dublin); both empty: api.twilio.com in the US.
    "TWILIO_REGION": "",
    "TWILIO_EDGE": "",
    "RETAIN_MESSAGES_DAYS": 90,
    "RETAIN_NAMES_DAYS": 365,  # never while the resident has a booking ahead
    "RETAIN_ANNOUNCEMENTS_DAYS": 30,  # after the announcement's end
    # The number reminders come from: your Twilio number; the simulator's until it is set.
    "REMINDER_CALLER_ID": SIMULATOR_NUMBER,
    "TIMEZONE": "Europe/Berlin",
    "PHONE_REGION": "DE",
    "PROMPTS_DIR": str(PROJECT_ROOT / "prompts"),
}

INT_SETTINGS = {
    "VOICE_GATHER_TIMEOUT",
    "VOICE_MAX_SILENCE",
    "AUDIO_MAX_SECONDS",
    "UPLOAD_MAX_MB",
    "SESSION_MINUTES",
    "TRUSTED_PROXIES",
    "RETAIN_MESSAGES_DAYS",
    "RETAIN_NAMES_DAYS",
    "RETAIN_ANNOUNCEMENTS_DAYS",
}
FLOAT_SETTINGS = {
    "VOICE_TEMPO",
    "VOICE_LOUDNESS",
    "VOICE_GTTS_TIMEOUT",
    "REMINDER_RATE",
    "VOICE_SPEECH_CONFIDENCE",
    "CACHE_CHECK_SECONDS",
}
CHOICES = {
    "VOICE_TTS_ENGINE": {"auto", "gtts", "pico", "say"},
    "VOICE_SPEECH": {"on", "off"},
    "RECORDINGS_STORE": {"database"},
}
SAY_VOICE = "VOICE_SAY_VOICE_"  # + language code: an empty value is a value (Twilio's default)


class ConfigError(ValueError):
    """A setting with a value the service cannot use."""


def from_environment() -> dict[str, Any]:
    """Read every known setting from the environment, falling back to its default."""
    load_dotenv(PROJECT_ROOT / ".env")
    values: dict[str, Any] = {}
    for name, default in DEFAULTS.items():
        raw = os.environ.get(name)
        if raw == "" and (name.startswith(SAY_VOICE) or name == "VOICE_SAY_VOICE"):
            values[name] = ""  # set to nothing: Twilio's default voice, not ours
        elif raw is None or raw == "":
            values[name] = default
        else:
            values[name] = _parse(name, raw)
    return values


def _parse(name: str, raw: str) -> Any:
    try:
        if name in INT_SETTINGS:
            return int(raw)
        if name in FLOAT_SETTINGS:
            return float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number") from None
    if name in CHOICES and raw not in CHOICES[name]:
        raise ConfigError(f"{name}={raw!r}: choose one of {sorted(CHOICES[name])}")
    return raw


def say_voice(config: Mapping[str, Any], language: str) -> str:
    """The <Say> voice for a language ("" for Twilio's default voice of that language)."""
    return config.get(SAY_VOICE + language.upper()) or ""


def finish(config: dict[str, Any], instance_path: str) -> None:
    """Fill in settings that are derived from others."""
    old_voice = config.get("VOICE_SAY_VOICE")
    if old_voice is not None:
        log.warning("VOICE_SAY_VOICE is deprecated: it is the German voice, VOICE_SAY_VOICE_DE")
        german = SAY_VOICE + "DE"
        if os.environ.get(german) is None and config.get(german) == DEFAULTS[german]:
            config[german] = old_voice  # the old setting keeps working where the new is unset
    flag = str(config.get("RECORDINGS_DELETE_AT_TWILIO", "1")).lower()
    config["RECORDINGS_DELETE_AT_TWILIO"] = flag not in ("0", "false", "no", "")
    if not config.get("SECRET_KEY"):
        # Fine for a demo on one laptop; the README tells deployments to set their own.
        config["SECRET_KEY"] = "dev-only-" + hashlib.sha256(instance_path.encode()).hexdigest()
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = "sqlite:///" + os.path.join(instance_path, "quartierstelefon.db")
    if not config.get("SIMULATOR_DIR"):
        config["SIMULATOR_DIR"] = os.path.join(instance_path, "simulator")
    if not config.get("AUDIO_DIR"):
        config["AUDIO_DIR"] = os.path.join(instance_path, "audio")
    if not config.get("TWILIO_AUTH_TOKEN"):
        # Without Twilio the phone simulator signs its requests with this local token, so
        # webhook signatures are checked in exactly the same way.
        digest = hashlib.sha256(("simulator:" + config["SECRET_KEY"]).encode()).hexdigest()
        config["TWILIO_AUTH_TOKEN"] = digest[:32]
        config["TELEPHONY_SIMULATED"] = True
    else:
        config.setdefault("TELEPHONY_SIMULATED", False)
