"""The flyer: an A4 page with the number, how the menu works and the coming programme, in
each language with a catalogue (`?sprache=tr`), as a page to print and as a PDF (fpdf2, pure
Python). Its sentences are the catalogue's `[written] flyer_...` texts."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, current_app, render_template, request

from voice.admin import centre, languages
from voice.admin.access import require
from voice.admin.blueprint import bp
from voice.centres import Place
from voice.db import db
from voice.models import Role, utcnow
from voice.registrations import listings
from voice.speech.catalogue import Catalogue
from voice.speech.dates import spoken_when
from voice.speech.languages import REFERENCE, greeting_keys

log = logging.getLogger(__name__)
KEYS = ["1", "2", "3", "4", "5", "0"]  # the main menu's keys, in the order on the flyer
WEEKS = 4
# A font with every letter of the catalogues (Turkish ğ ş ı İ too): Debian's fonts-dejavu-core.
FONTS = Path("/usr/share/fonts/truetype/dejavu")
REGULAR, BOLD = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"
# Between "Nr." and the event's number: a line never breaks there, so a reader finds the
# code they must type in one piece ("Nr. 4242", not "Nr." at a line's end and "4242" below).
NO_BREAK = "\u00a0"


@dataclass
class Flyer:
    """What the flyer says, in one language."""

    language: str
    centre: str  # the centre's name
    number: str  # the centre's public number ("" when none is set)
    texts: dict[str, str]
    menu: list[tuple[str, str]]
    languages: str
    programme: list[tuple[str, str, str]]  # when, title, event number


def _flyer(language: str) -> Flyer:
    place = centre.here()
    catalogue = languages.catalogues()[language]
    texts = {key: catalogue.written(f"flyer_{key}") for key in _TEXTS}
    menu = [(key, catalogue.written(f"flyer_menu_{key}")) for key in KEYS]
    spoken = _languages(texts["key"], _names(place))
    programme = _programme(catalogue, place.id)
    return Flyer(language, place.name, place.public_number, texts, menu, spoken, programme)


def _names(place: Place) -> dict[str, str]:
    """The languages the centre's calls speak (all, when it names none), by their own
    names, German first."""
    names = languages.names()
    return {code: name for code, name in names.items() if code in place.languages} or names


def _languages(key_word: str, names: dict[str, str]) -> str:
    """Every language, with the key the greeting offers it with: 'Deutsch, English (Taste
    7), Türkçe (Taste 6)' (a caller's first call speaks the service's own language)."""
    keys = {
        code: key
        for key, code in greeting_keys(current_app.config["VOICE_LANGUAGE"], names).items()
    }
    return ", ".join(
        f"{name} ({key_word} {keys[code]})" if code in keys else name
        for code, name in names.items()
    )


_TEXTS = (
    "title",
    "tagline",
    "no_number",
    "languages",
    "how",
    "key",
    "everywhere",
    "coming_up",
    "nothing_yet",
    "event_number",
)


def _programme(catalogue: Catalogue, centre_id: int) -> list[tuple[str, str, str]]:
    now = utcnow()
    tz = ZoneInfo(current_app.config["TIMEZONE"])
    events = listings.upcoming_list(db.session, now, limit=40, centre_id=centre_id)
    soon = [e for e in events if e.starts_at < now + timedelta(weeks=WEEKS)]
    language = catalogue.language
    return [
        (_when(e.starts_at, now, tz, language), e.title_in(language) or e.title, e.phone_code)
        for e in soon
    ]


def _when(moment: datetime, now: datetime, tz: ZoneInfo, language: str) -> str:
    """The date and time as the phone says them, in the flyer's language ("Thursday 26
    November at 3 pm"); never "today" on paper."""
    return spoken_when(moment, now - timedelta(days=7), tz, language=language)


def _language() -> str:
    """The language asked for, if the centre's calls speak it; else German."""
    chosen = languages.chosen(request.args.get("sprache"))
    return chosen if chosen in _names(centre.here()) else REFERENCE


@bp.get("/flyer")
@require(Role.STAFF, Role.VOLUNTEER)
def flyer() -> str:
    """The flyer to print from the browser, in the chosen language."""
    language = _language()
    content = _flyer(language)
    return render_template(
        "admin/flyer.html",
        number=content.number,
        flyer=content,
        language_names=_names(centre.here()),
        sprache=None if language == REFERENCE else language,
    )


def _latin(text: str) -> str:
    # Without the DejaVu font, the PDF's built-in fonts cover Latin-1 (German included).
    return (
        text.replace("„", '"')
        .replace("“", '"')
        .replace("–", "-")
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def _fonts(pdf: Any) -> tuple[str, Any]:
    """The PDF's font family and how its text must be prepared: DejaVu Sans where it is
    installed (every language), else Helvetica with Latin-1 only."""
    if REGULAR.is_file() and BOLD.is_file():
        pdf.add_font("DejaVu", "", str(REGULAR))
        pdf.add_font("DejaVu", "B", str(BOLD))
        return "DejaVu", str
    log.warning("Schrift fehlt (%s): der Flyer als PDF nur mit Latin-1-Zeichen", REGULAR)
    return "Helvetica", _latin


@bp.get("/flyer.pdf")
@require(Role.STAFF, Role.VOLUNTEER)
def flyer_pdf() -> Response:
    """The same flyer as a PDF, for the Stadtteilmagazin and the print shop."""
    from fpdf import FPDF  # here: 0.4 s and 30 MB to import, for a page printed now and then

    content = _flyer(_language())
    said = content.texts
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_lang(content.language)
    pdf.add_page()
    family, fit = _fonts(pdf)

    def line(size: int, height: int, text: str, style: str = "") -> None:
        pdf.set_font(family, style, size)
        pdf.multi_cell(0, height, fit(text), align="L", new_x="LMARGIN", new_y="NEXT")

    line(30, 14, said["title"], "B")
    line(22, 11, content.centre, "B")
    line(18, 9, said["tagline"])
    pdf.ln(4)
    line(40, 18, content.number or said["no_number"], "B")
    line(14, 8, f"{said['languages']} {content.languages}")
    pdf.ln(4)
    line(18, 10, said["how"], "B")
    for key, label in content.menu:
        line(16, 9, f"{said['key']} {key}:  {label}")
    line(16, 9, said["everywhere"])
    pdf.ln(4)
    line(18, 10, said["coming_up"], "B")
    for when, title, code in content.programme:
        line(15, 8, f"{when}: {title} ({said['event_number']}{NO_BREAK}{code})")
    if not content.programme:
        line(15, 8, said["nothing_yet"])
    suffix = "" if content.language == REFERENCE else f"-{content.language}"
    return Response(
        bytes(pdf.output()),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="quartierstelefon-flyer{suffix}.pdf"'},
    )
