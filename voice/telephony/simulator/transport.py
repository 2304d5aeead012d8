"""How the simulator reaches the service: signed HTTP requests, as Twilio sends them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlencode, urljoin, urlsplit

from flask import Flask
from twilio.request_validator import RequestValidator


@dataclass(frozen=True)
class Answer:
    """What the service answered."""

    status: int
    content_type: str
    body: bytes
    language: str = ""  # Content-Language: the language the call speaks (for the transcript)


class Transport(Protocol):
    def absolute(self, url: str, current: str | None = None) -> str:
        """A URL from TwiML (maybe relative) as Twilio would resolve it."""
        ...

    def is_ours(self, url: str) -> bool:
        """True when the URL is the service's (the simulator fetches nothing else)."""
        ...

    def request(self, method: str, url: str, params: Mapping[str, str]) -> Answer:
        """Send a request to an absolute URL of the service and return its answer."""
        ...


class FlaskTransport:
    """Calls a Flask app in the same process, signing every request with the auth token."""

    def __init__(self, app: Flask, base_url: str) -> None:
        self.client = app.test_client()
        self.base_url = base_url.rstrip("/")
        self.validator = RequestValidator(app.config["TWILIO_AUTH_TOKEN"])

    def absolute(self, url: str, current: str | None = None) -> str:
        """A URL from TwiML (maybe relative) as Twilio would resolve it."""
        return urljoin(current or self.base_url + "/", url)

    def is_ours(self, url: str) -> bool:
        return url.startswith(self.base_url + "/")

    def request(self, method: str, url: str, params: Mapping[str, str]) -> Answer:
        if method == "GET":
            separator = "&" if "?" in url else "?"
            url = f"{url}{separator}{urlencode(params)}" if params else url
            signature = self.validator.compute_signature(url, {})
            form = None
        else:
            signature = self.validator.compute_signature(url, dict(params))
            form = dict(params)
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = self.client.open(
            path,
            method=method,
            data=form,
            headers={"X-Twilio-Signature": signature},
            base_url=f"{parts.scheme}://{parts.netloc}",
        )
        body = response.get_data()
        response.close()
        language = response.headers.get("Content-Language", "")
        return Answer(response.status_code, response.mimetype or "", body, language)
