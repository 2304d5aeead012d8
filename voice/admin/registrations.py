"""Registrations per event: list, add on a resident's behalf, cancel, move up, CSV, print."""

from __future__ import annotations

from collections import Counter

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from voice.admin import centre
from voice.admin.access import require
from voice.admin.blueprint import bp, local_time
from voice.admin.forms import BookingForm, ConfirmForm
from voice.admin.spreadsheet import csv_response
from voice.admin.unregister import HELPERS, UNDO_FOR, registration_or_404, undoable
from voice.db import db
from voice.models import Event, Registration, Reminder, ReminderState
from voice.registrations import booking, residents
from voice.registrations.booking import Outcome
from voice.registrations.residents import masked

STATUS = {"booked": "angemeldet", "waiting": "Warteliste", "cancelled": "abgemeldet"}
REMINDER = {
    "planned": "geplant",
    "calling": "ruft an",
    "answered": "angenommen",
    "joined": "teilgenommen",
    "declined": "abgesagt",
    "machine": "Anrufbeantworter",
    "no_answer": "niemand erreicht",
    "busy": "besetzt",
    "failed": "fehlgeschlagen",
    "skipped": "entfallen",
}
KINDS = {"before": "vorher", "day_before": "am Vortag", "cancellation": "Absage"}
SOURCE = {"phone": "Telefon", "staff": "Mitarbeitende"}


def _rows(event: Event) -> list[Registration]:
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.event_id == event.id)
            .order_by(Registration.status, Registration.queued_at, Registration.id)
        )
    )


@bp.route("/events/<int:event_id>/registrations", methods=["GET", "POST"])
@require(*HELPERS)
def registrations(event_id: int) -> ResponseReturnValue:
    """The list, and the form to register someone on their behalf."""
    event = centre.own_or_404(Event, event_id)
    form = BookingForm()
    if form.validate_on_submit():
        phone = residents.normalise(form.phone.data, current_app.config["PHONE_REGION"])
        if phone is None:
            form.phone.errors.append("Diese Telefonnummer kann ich nicht lesen, z. B. 0731 123456.")
        else:
            language = current_app.config["VOICE_LANGUAGE"]  # their calls: until changed
            resident = residents.find_or_create(db.session, phone, language)
            resident.name = resident.name or form.name.data.strip()
            result = booking.book(
                db.session,
                event.id,
                resident,
                wants_reminder=form.wants_reminder.data,
                source="staff",
            )
            db.session.commit()
            flash(_outcome(result, resident.name or phone), "info")
            return redirect(url_for("admin.registrations", event_id=event.id))
    rows = _rows(event)
    reminders = _reminders([r.id for r in rows])
    summary = Counter(REMINDER[r.state.value] for found in reminders.values() for r in found)
    return render_template(
        "admin/registrations.html",
        event=event,
        rows=rows,
        form=form,
        confirm=ConfirmForm(),
        status=STATUS,
        source=SOURCE,
        reminders=reminders,
        summary=summary,
        reminder_state=reminder_state,
        kinds=KINDS,
        undo=undoable(event),
        undo_minutes=UNDO_FOR // 60,
    ), (422 if form.errors else 200)


def reminder_state(reminder: Reminder) -> str:
    """The state in plain words, with the provider's reason when a call could not be made."""
    if reminder.last_error and reminder.state is ReminderState.FAILED:
        return f"Anruf fehlgeschlagen: {reminder.last_error}"
    if reminder.last_error and reminder.state is ReminderState.PLANNED:
        return f"geplant, letzter Versuch fehlgeschlagen ({reminder.last_error})"
    return REMINDER[reminder.state.value]


def _reminders(registration_ids: list[int]) -> dict[int, list[Reminder]]:
    """The reminder calls of these registrations."""
    found: dict[int, list[Reminder]] = {}
    if registration_ids:
        query = select(Reminder).where(Reminder.registration_id.in_(registration_ids))
        for reminder in db.session.scalars(query.order_by(Reminder.id)):
            found.setdefault(reminder.registration_id, []).append(reminder)
    return found


def _outcome(result: booking.Booking, who: str) -> str:
    return {
        Outcome.BOOKED: f"{who} ist angemeldet.",
        Outcome.WAITING: f"Ausgebucht: {who} steht auf der Warteliste (Platz {result.position}).",
        Outcome.ALREADY_BOOKED: f"{who} war schon angemeldet.",
        Outcome.ALREADY_WAITING: f"{who} steht schon auf der Warteliste.",
        Outcome.CLOSED: "Die Veranstaltung ist abgesagt; niemand wurde angemeldet.",
    }[result.outcome]


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/reminder")
@require(*HELPERS)
def toggle_reminder(event_id: int, registration_id: int) -> ResponseReturnValue:
    """Switch the reminder call on or off for one registration."""
    registration = registration_or_404(event_id, registration_id)
    if ConfirmForm().validate_on_submit():
        registration.wants_reminder = not registration.wants_reminder
        db.session.commit()
        state = "eingeschaltet" if registration.wants_reminder else "ausgeschaltet"
        flash(f"Erinnerungsanruf {state}.", "info")
    return redirect(url_for("admin.registrations", event_id=event_id))


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/move-up")
@require(*HELPERS)
def move_up(event_id: int, registration_id: int) -> ResponseReturnValue:
    registration = registration_or_404(event_id, registration_id)
    if ConfirmForm().validate_on_submit():
        if booking.move_up(db.session, registration):
            db.session.commit()
            flash(f"{registration.resident.name or 'Die Person'} hat jetzt einen Platz.", "info")
        else:
            flash(
                "Kein Platz frei. Erhöhen Sie die Platzzahl oder melden Sie jemanden ab.", "error"
            )
    return redirect(url_for("admin.registrations", event_id=event_id))


@bp.get("/events/<int:event_id>/registrations.csv")
@require(*HELPERS)
def registrations_csv(event_id: int) -> Response:
    """For a spreadsheet: one row per registration (numbers masked)."""
    event = centre.own_or_404(Event, event_id)
    header = ["Name", "Telefon", "Status", "Erinnerung", "Angemeldet über", "Angemeldet am"]
    rows = [
        [
            row.resident.name or "(Name aufgenommen)",
            masked(row.resident.phone),
            STATUS[row.status.value],
            "ja" if row.wants_reminder else "nein",
            SOURCE.get(row.source, row.source),
            local_time(row.created_at),  # the centre's time, as on the page
        ]
        for row in _rows(event)
    ]
    return csv_response(header, rows, f"anmeldungen-{event.phone_code}.csv")


@bp.get("/events/<int:event_id>/registrations/print")
@require(*HELPERS)
def registrations_print(event_id: int) -> str:
    """A list for the event's host, to print."""
    event = centre.own_or_404(Event, event_id)
    booked = [r for r in _rows(event) if r.status.value == "booked"]
    return render_template(
        "admin/registrations_print.html", event=event, rows=booked, masked=masked
    )
