"""What we ask of a phone provider. Twilio in production; the phone simulator locally."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol


class CallRefused(Exception):
    """The provider would not place a call; the message says why, in one line."""


class RecordingRefused(Exception):
    """A recording URL we will not fetch (not the provider's media host); never retried."""


class Telephony(Protocol):
    """The provider side of the telephony seam."""

    def is_genuine(self, url: str, params: Mapping[str, str], signature: str) -> bool:
        """True when a webhook request really comes from the provider."""
        ...

    def place_call(
        self,
        to: str,
        caller: str,
        url: str,
        status_callback: str | None = None,
        *,
        machine_detection: bool = False,
    ) -> str:
        """Call `to` from `caller`; when answered the provider fetches TwiML from `url`.

        `status_callback` hears when the call is initiated and how it ended. With
        `machine_detection` an answering machine is told apart (AnsweredBy), after its beep.
        Returns the new call's SID; raises `CallRefused` when the provider says no."""
        ...

    def update_participant(self, meeting: str, call_sid: str, *, muted: bool) -> None:
        """Mute or unmute a caller in a meeting (a conference, by its name)."""
        ...

    def hang_up(self, call_sid: str) -> None:
        """End a call."""
        ...

    def announce(self, meeting: str, url: str) -> None:
        """Play the TwiML at `url` to everyone in the meeting (a conference, by its name)."""
        ...

    def fetch_recording(self, url: str) -> bytes:
        """The audio of a recording the provider made (RecordingUrl); raises when unavailable.

        Raises `RecordingRefused` for a URL that is not the provider's to fetch from."""
        ...

    def delete_recording(self, sid: str) -> None:
        """Delete a recording at the provider once it is safely ours."""
        ...
