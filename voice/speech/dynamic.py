"""The texts of current data that calls speak: event titles, descriptions and dates,
announcements, names, office hours. The speech worker builds them when the data changes, per
language (`current_texts(..., language=code)`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from voice.models import Announcement, Event, Resident
from voice.speech.catalogue import CENTRE, Catalogue
from voice.speech.dates import spoken_soon, spoken_time, spoken_when
from voice.speech.voice import Line

GERMAN = "de"  # what staff type first: a title in another language is optional


def spoken_title(event: Event, catalogue: Catalogue) -> str:
    """The title in the catalogue's language; where staff typed none, the German title
    introduced in that language ("the event with the German name Spieleabend")."""
    title = event.title_in(catalogue.language)
    if title is not None:
        return title.strip()
    return catalogue.text("events.german_title", title=event.title.strip())


def _description(event: Event, language: str) -> Line | None:
    """The description in the language, or the German one introduced as such."""
    text = event.description_in(language)
    if text is not None and text.strip():
        return Line("events.description", {"text": text.strip()})
    if language != GERMAN and event.description.strip():
        return Line("events.german_description", {"text": event.description.strip()})
    return None


def describe_event(
    event: Event, now: datetime, tz: ZoneInfo, *, language: str = GERMAN
) -> list[Line]:
    """How an event sounds in a call: when, what, and whether seats are left; a title staff
    did not translate is said in German, introduced in the call's language."""
    when = spoken_when(event.starts_at, now, tz, language=language)
    title = event.title_in(language)
    if title is None:
        lines = [Line("events.summary_german", {"when": when, "title": event.title.strip()})]
    else:
        lines = [Line("events.summary", {"when": when, "title": title.strip()})]
    description = _description(event, language)
    if description is not None:
        lines.append(description)
    if event.starts_at <= now:
        lines.append(Line("events.running"))
    seats = event.seats_left
    if seats == 0:
        lines.append(Line("events.full"))
    elif seats is not None:
        lines.append(Line("events.seats_left", {"count": seats}))
    return lines


def event_texts(
    event: Event, tz: ZoneInfo, *, language: str = GERMAN, catalogue: Catalogue | None = None
) -> set[str]:
    """Everything the call says about an event, in each form its date can take; with the
    language's catalogue also the German title and description as that language introduces
    them."""
    start = event.starts_at
    title = event.title_in(language) or event.title
    description = event.description_in(language) or event.description
    texts = {title.strip(), spoken_time(start, tz, language=language)}
    if description.strip():
        texts.add(description.strip())
    if catalogue is not None and language != GERMAN:
        texts.add(spoken_title(event, catalogue))
        line = _description(event, language)
        if line is not None:
            texts.update(catalogue[line.prompt_id].pieces(dict(line.params)))
    for days_before in (0, 1, 7):  # "heute, ...", "morgen, ...", the plain date
        texts.add(spoken_when(start, start - timedelta(days=days_before), tz, language=language))
    for days_before in (0, 1, 2, 7):  # the short forms: "am Donnerstag um ...", "am 3. ..."
        texts.add(spoken_soon(start, start - timedelta(days=days_before), tz, language=language))
    return texts


def centre_texts(catalogue: Catalogue, name: str, hours: str) -> set[str]:
    """What calls to one centre say of it: its name (a piece of longer prompts), the prompts
    that change with nothing but its name, each whole ("... der Quartierszentrale
    Weststadt."), and its office hours (`hours`, said in the catalogue's language)."""
    texts = {name.strip(), hours}
    for prompt in catalogue.prompts.values():
        if prompt.fields == {CENTRE}:
            texts.add(prompt.render({CENTRE: name.strip()}))
    return {text for text in texts if text}


def current_texts(
    session: Session,
    now: datetime,
    tz: ZoneInfo,
    hours: str,
    *,
    language: str = GERMAN,
    catalogue: Catalogue | None = None,
) -> set[str]:
    """The dynamic texts that calls in `language` may need from now on (`hours`: the office
    hours said in that language)."""
    texts = {hours}
    events = session.scalars(select(Event).where(Event.ends_at > now, Event.cancelled_at.is_(None)))
    for event in events:
        texts |= event_texts(event, tz, language=language, catalogue=catalogue)
    announcements = session.scalars(
        select(Announcement.text).where(
            Announcement.text.is_not(None),
            or_(Announcement.valid_until.is_(None), Announcement.valid_until > now),
        )
    )
    texts.update(text.strip() for text in announcements if text and text.strip())
    names = session.scalars(select(Resident.name).where(Resident.name.is_not(None)))
    texts.update(name.strip() for name in names if name and name.strip())
    return {text for text in texts if text}
