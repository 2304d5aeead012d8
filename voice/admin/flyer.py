"""The flyer: an A4 page with the number, how the menu works and the coming programme,
as a page to print and as a PDF (fpdf2, pure Python)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import Response, current_app, render_template

from voice.admin.access import require
from voice.admin.blueprint import bp
from voice.db import db
from voice.models import Event, Role, utcnow
from voice.registrations import listings
from voice.speech.dates import spoken_when

MENU = [
    ("1", "Veranstaltungen hören und sich anmelden"),
    ("2", "Meine Anmeldungen"),
    ("3", "Jetzt an einer Veranstaltung teilnehmen"),
    ("4", "Neuigkeiten aus dem Quartier"),
    ("5", "Eine Nachricht oder Idee hinterlassen"),
    ("0", "Mit einem Menschen sprechen"),
]
KEYS = "Überall: 9 = noch einmal hören, Stern = zurück."
WEEKS = 4


def _programme() -> list[tuple[str, Event]]:
    now = utcnow()
    tz = ZoneInfo(current_app.config["TIMEZONE"])
    events = listings.upcoming_list(db.session, now, limit=40)
    soon = [e for e in events if e.starts_at < now + timedelta(weeks=WEEKS)]
    return [(spoken_when(e.starts_at, now - timedelta(days=7), tz), e) for e in soon]


@bp.get("/flyer")
@require(Role.STAFF, Role.VOLUNTEER)
def flyer() -> str:
    """The flyer to print from the browser."""
    return render_template(
        "admin/flyer.html",
        number=current_app.config["PUBLIC_PHONE_NUMBER"],
        menu=MENU,
        keys=KEYS,
        programme=_programme(),
    )


def _latin(text: str) -> str:
    # The PDF's built-in fonts cover Latin-1 (German included); anything else gets a '?'.
    return (
        text.replace("„", '"')
        .replace("“", '"')
        .replace("–", "-")
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


@bp.get("/flyer.pdf")
@require(Role.STAFF, Role.VOLUNTEER)
def flyer_pdf() -> Response:
    """The same flyer as a PDF, for the Stadtteilmagazin and the print shop."""
    from fpdf import FPDF  # here: 0.4 s and 30 MB to import, for a page printed now and then

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 30)
    pdf.multi_cell(0, 14, _latin("Das Quartierstelefon"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 18)
    pdf.multi_cell(
        0,
        9,
        _latin("Mitmachen im Quartier - mit Ihrem ganz normalen Telefon."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 40)
    pdf.multi_cell(
        0,
        18,
        _latin(current_app.config["PUBLIC_PHONE_NUMBER"] or "Nummer folgt"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, "So geht es:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 16)
    for key, label in MENU:
        pdf.cell(0, 9, _latin(f"Taste {key}:  {label}"), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 9, _latin(KEYS), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, _latin("Was demnächst los ist:"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 15)
    for when, event in _programme():
        pdf.multi_cell(
            0,
            8,
            _latin(f"{when}: {event.title} (Nr. {event.phone_code})"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    return Response(
        bytes(pdf.output()),
        mimetype="application/pdf",
        headers={"Content-Disposition": 'inline; filename="quartierstelefon-flyer.pdf"'},
    )
