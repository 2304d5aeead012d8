"""What we ask of a phone provider. Twilio in production; the phone simulator locally."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol


class Telephony(Protocol):
    """The provider side of the telephony seam."""

    def is_genuine(self, url: str, params: Mapping[str, str], signature: str) -> bool:
        """True when a webhook request really comes from the provider."""
        ...

    def sign(self, url: str, params: Mapping[str, str]) -> str:
        """The signature the provider would send with this request (for the simulator)."""
        ...
