"""Downloading a recording the provider made, without handing our credentials to anyone else.

A `RecordingUrl` arrives in a webhook. Sending the account's SID and token as Basic auth to
whatever host it names would give them away, so the credentialed request goes only to
https on the provider's own API hosts (`RECORDINGS_HOSTS`). Twilio answers it with a redirect
to its media storage: redirects are followed here, by hand, and the credentials never go
along to another host (requests would strip them too, but only implicitly, and it would
still follow a redirect to plain http)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from voice.telephony.base import RecordingRefused

if TYPE_CHECKING:  # a webhook never fetches: requests is imported where a session is made
    import requests

MAX_REDIRECTS = 3
TIMEOUT = 30  # seconds, per request
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def parse_hosts(value: str | Iterable[str]) -> tuple[str, ...]:
    """`RECORDINGS_HOSTS` as a tuple of lower-case host patterns (commas or spaces apart)."""
    items = value.replace(",", " ").split() if isinstance(value, str) else value
    return tuple(item.strip().lower() for item in items if item.strip())


def host_allowed(host: str, patterns: Sequence[str]) -> bool:
    """True when `host` is one of `patterns`, where `*` matches exactly one DNS label."""
    labels = host.lower().split(".")
    for pattern in patterns:
        wanted = pattern.split(".")
        if len(wanted) == len(labels) and all(
            label == want or (want == "*" and _LABEL.fullmatch(label))
            for label, want in zip(labels, wanted, strict=True)
        ):
            return True
    return False


def media_url(url: str, patterns: Sequence[str]) -> str:
    """The URL of the recording's WAV; raises `RecordingRefused` unless it is on our list."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port
    except ValueError:  # a broken IPv6 address or port
        raise RecordingRefused(f"„{url[:200]}“ ist keine gültige Adresse") from None
    if parts.scheme != "https" or not host_allowed(host, patterns):
        raise RecordingRefused(f"„{url[:200]}“ ist keine https-Adresse von {' '.join(patterns)}")
    if parts.username or parts.password or port not in (None, 443):
        raise RecordingRefused(f"„{url[:200]}“ enthält Zugangsdaten oder einen fremden Port")
    if not parts.path.endswith((".wav", ".mp3")):  # Twilio serves WAV without an extension too
        parts = parts._replace(path=parts.path + ".wav")
    return parts.geturl()


def fetch(
    http: requests.Session, url: str, auth: tuple[str, str], patterns: Sequence[str]
) -> bytes:
    """The recording at `url`, asked for with `auth`; its redirects get no credentials."""
    current = media_url(url, patterns)
    origin = urlsplit(current).netloc
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        if parts.scheme != "https":
            raise RecordingRefused(f"Weiterleitung auf „{current[:200]}“ ohne https")
        credentials = auth if parts.netloc == origin else None
        answer = http.get(current, auth=credentials, allow_redirects=False, timeout=TIMEOUT)
        if not answer.is_redirect:
            answer.raise_for_status()
            return answer.content
        current = urljoin(current, answer.headers["location"])
        answer.close()
    raise OSError(f"recording {url}: more than {MAX_REDIRECTS} redirects")
