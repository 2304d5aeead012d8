"""The neighbourhood centres one installation serves (issue 19): which centre a call is for
(by the number it called), and each centre's own values, read once per process and again
only after staff change a centre (`voice.caches`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from voice import caches
from voice.centres.office_hours import OfficeHours, OfficeHoursError, parse
from voice.db import db
from voice.models import Centre
from voice.speech.catalogue import Catalogue
from voice.speech.dynamic import centre_texts

log = logging.getLogger(__name__)
DIRECTORY = "centres"  # the cache's name
STAMP = "centres.changed"  # in AUDIO_DIR: written when a centre changes


@dataclass(frozen=True)
class Place:
    """One centre's values as a call or a page needs them (no database row: kept between
    requests)."""

    id: int
    slug: str
    name: str
    numbers: tuple[str, ...]
    office_hours: OfficeHours
    staff_number: str
    public_number: str
    languages: tuple[str, ...]  # empty: every language the installation speaks
    is_default: bool


@dataclass(frozen=True)
class Directory:
    """Every centre, found by id, by slug and by the numbers it answers."""

    places: tuple[Place, ...]

    def __post_init__(self) -> None:
        if not self.places:
            raise ValueError("a directory needs at least one centre")

    @property
    def default(self) -> Place:
        """The centre that takes calls to numbers no centre claims."""
        return next((p for p in self.places if p.is_default), self.places[0])

    def for_number(self, called: str) -> Place:
        """The centre that answers `called` (Twilio's `To`); the default when none does."""
        wanted = called.replace(" ", "")
        return next((p for p in self.places if wanted in p.numbers), self.default)

    def claimed(self, called: str) -> bool:
        """True when some centre names `called` among its numbers."""
        wanted = called.replace(" ", "")
        return any(wanted in p.numbers for p in self.places)

    def by_id(self, centre_id: int | None) -> Place:
        """The centre with this id; the default for None or an id no longer there."""
        return next((p for p in self.places if p.id == centre_id), self.default)

    def by_slug(self, slug: str) -> Place | None:
        return next((p for p in self.places if p.slug == slug), None)


def place(centre: Centre, tz: ZoneInfo) -> Place:
    """A centre's row as a Place; office hours that cannot be read count as none (and are
    logged: the centre's page refuses them, so only a hand-edited database has them)."""
    try:
        hours = parse(centre.office_hours, tz)
    except OfficeHoursError as error:
        log.error("centre %s: %s", centre.slug, error)
        hours = parse("", tz)
    return Place(
        id=centre.id,
        slug=centre.slug,
        name=centre.name,
        numbers=tuple(centre.number_list),
        office_hours=hours,
        staff_number=centre.staff_number,
        public_number=centre.public_number,
        languages=tuple(centre.language_list),
        is_default=centre.is_default,
    )


def _from_settings(config: Any, tz: ZoneInfo) -> Directory:
    """What the settings say, when the database cannot (a call goes on)."""
    centre = Centre(
        id=1,
        slug="",
        name="",
        numbers="",
        office_hours=str(config.get("OFFICE_HOURS") or ""),
        staff_number=str(config.get("STAFF_PHONE_NUMBER") or ""),
        public_number=str(config.get("PUBLIC_PHONE_NUMBER") or ""),
        languages="",
        is_default=True,
    )
    return Directory((place(centre, tz),))


def init_app(app: Flask) -> None:
    """Keep the directory of centres in this process, read again after any change."""
    tz = ZoneInfo(app.config["TIMEZONE"])

    def read(session: Session) -> Directory:
        rows = session.scalars(select(Centre).order_by(Centre.id)).all()
        return Directory(tuple(place(row, tz) for row in rows)) if rows else fallback

    fallback = _from_settings(app.config, tz)
    app.extensions.setdefault("stamped", {})[DIRECTORY] = caches.Stamped(
        DIRECTORY,
        Path(app.config["AUDIO_DIR"]) / STAMP,
        (Centre,),
        read,
        fallback,
        shared=caches.versions(app),
    )
    # The speech commands build these (speech may not import centres: it is a layer below).
    app.extensions["centre_texts"] = spoken_texts


def spoken_texts(catalogue: Catalogue) -> set[str]:
    """What calls in the catalogue's language say of the centres (built as audio ahead)."""
    return {
        text
        for place in directory().places
        for text in centre_texts(
            catalogue, place.name, place.office_hours.spoken(catalogue.language)
        )
    }


def directory() -> Directory:
    """Every centre, as this process last read them."""
    cache: caches.Stamped[Directory] = current_app.extensions["stamped"][DIRECTORY]
    return cache.get(lambda: db.session)
