"""The day a test's event falls on, as a caller hears it: an event "in ten minutes" is
tomorrow when the suite runs just before midnight in Ulm."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from voice.models import utcnow

WORDS = {"de": ("heute", "morgen"), "en": ("today", "tomorrow"), "tr": ("bugün", "yarın")}


def today_or_tomorrow(
    starts_at: datetime, language: str = "de", zone: str = "Europe/Berlin"
) -> str:
    """ "heute" when the event starts on today's date in `zone`, else "morgen" (an event soon
    after now, the only kind this is for); in English or Turkish with `language`."""
    here = ZoneInfo(zone)
    start = starts_at if starts_at.tzinfo else starts_at.replace(tzinfo=UTC)
    today, tomorrow = WORDS[language]
    return today if start.astimezone(here).date() == utcnow().astimezone(here).date() else tomorrow
