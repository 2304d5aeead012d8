"""Twilio behind the telephony seam, through the twilio library only."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator

from voice.config import DEFAULTS
from voice.telephony import media
from voice.telephony.base import CallRefused

if TYPE_CHECKING:  # the REST client and requests load on first use: webhooks never need them
    import requests
    from twilio.http import HttpClient
    from twilio.rest import Client


class TwilioTelephony:
    """Checks Twilio's X-Twilio-Signature and places and controls calls with its REST API."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        http_client: HttpClient | None = None,
        *,
        media_hosts: str | Sequence[str] = DEFAULTS["RECORDINGS_HOSTS"],
        region: str = "",
        edge: str = "",
    ) -> None:
        self._validator = RequestValidator(auth_token)
        self._account_sid = account_sid
        self._auth_token = auth_token
        self._http_client = http_client
        # Twilio's region (ie1: Ireland) and edge (dublin); both empty: the US, as before.
        self._region, self._edge = region or None, edge or None
        self._client: Client | None = None
        self.media_hosts = media.parse_hosts(media_hosts)
        self._media_http: requests.Session | None = None

    @property
    def client(self) -> Client:
        """The REST client, made on first use (webhooks never need it)."""
        if self._client is None:
            from twilio.rest import Client

            self._client = Client(
                self._account_sid,
                self._auth_token,
                http_client=self._http_client,
                region=self._region,
                edge=self._edge,
            )
        return self._client

    @property
    def media_http(self) -> requests.Session:
        """The HTTP session for recordings, made on first use (tests mount adapters on it)."""
        if self._media_http is None:
            import requests

            self._media_http = requests.Session()
        return self._media_http

    def is_genuine(self, url: str, params: Mapping[str, str], signature: str) -> bool:
        """True when the signature matches the URL Twilio called and the POSTed parameters."""
        if not signature:
            return False
        return bool(self._validator.validate(url, dict(params), signature))

    def place_call(
        self,
        to: str,
        caller: str,
        url: str,
        status_callback: str | None = None,
        *,
        machine_detection: bool = False,
    ) -> str:
        """Start an outgoing call; Twilio fetches `url` when it is answered."""
        options: dict[str, object] = {}
        if status_callback:
            options.update(
                status_callback=status_callback, status_callback_event=["initiated", "completed"]
            )
        if machine_detection:
            options["machine_detection"] = "DetectMessageEnd"  # speak after the machine's beep
        try:
            call = self.client.calls.create(to=to, from_=caller, url=url, **options)
        except TwilioRestException as error:  # its str() is coloured and multi-line on a tty
            raise CallRefused(f"{error.msg} (Twilio {error.code or error.status})") from error
        sid: str = call.sid
        return sid

    def _conference_sid(self, meeting: str) -> str:
        conferences = self.client.conferences.list(
            friendly_name=meeting, status="in-progress", limit=1
        )
        if not conferences:
            raise LookupError(f"no running conference {meeting!r}")
        sid: str = conferences[0].sid
        return sid

    def update_participant(self, meeting: str, call_sid: str, *, muted: bool) -> None:
        """Mute or unmute a participant of the running conference with this name."""
        conference = self.client.conferences(self._conference_sid(meeting))
        conference.participants(call_sid).update(muted=muted)

    def announce(self, meeting: str, url: str) -> None:
        """Play TwiML to the whole running conference (Twilio's announceUrl)."""
        self.client.conferences(self._conference_sid(meeting)).update(announce_url=url)

    def hang_up(self, call_sid: str) -> None:
        """End the call."""
        self.client.calls(call_sid).update(status="completed")

    def fetch_recording(self, url: str) -> bytes:
        """Download a recording as WAV, with the account's credentials, from Twilio only.

        (The twilio library's HTTP client returns text; recordings are binary, so this uses
        requests, which the twilio library itself is built on.) `media.fetch` refuses any
        other host and keeps the credentials from Twilio's redirect to its storage."""
        auth = (self._account_sid, self._auth_token)
        return media.fetch(self.media_http, url, auth, self.media_hosts)

    def delete_recording(self, sid: str) -> None:
        """Delete the recording at Twilio."""
        self.client.recordings(sid).delete()
