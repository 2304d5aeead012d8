"""Zentren: the header's switch between the centres an account works in, and the page where a
city-wide administrator creates and changes centres; a centre's own administrator changes its
name, office hours, staff and public numbers and languages (its numbers, address and being the
default decide where calls and pages go: the city-wide administrators' part)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from voice.admin import centre, languages
from voice.admin.access import require
from voice.admin.blueprint import bp
from voice.admin.centre_form import CentreForm, check, fill
from voice.admin.forms import ConfirmForm
from voice.db import db
from voice.models import Centre, Role


@bp.post("/centre")
@require()
def choose_centre() -> ResponseReturnValue:
    """Work in another centre (the header's „Zentrum: … ▾“); back to the same list."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    wanted = request.form.get("centre", "")
    place = centre.choose(int(wanted)) if wanted.isdigit() else None
    if place is None:
        abort(404)
    flash(f"Sie arbeiten jetzt im Zentrum „{place.name}“.", "info")
    back = request.form.get("next", "")
    # Only a page of our own (no other site, no „//host“): an open redirect helps phishing.
    safe = back.startswith("/admin") and not back.startswith("//")
    return redirect(back if safe else url_for("admin.index"))


@bp.get("/centres")
@require(city=True)
def centres() -> ResponseReturnValue:
    """Every centre with its numbers and office hours."""
    rows = db.session.scalars(select(Centre).order_by(Centre.name)).all()
    return render_template("admin/centres.html", rows=rows, language_names=languages.names())


@bp.route("/centres/new", methods=["GET", "POST"])
@require(city=True)
def new_centre() -> ResponseReturnValue:
    """Create a centre."""
    return _edit(Centre(), "Neues Zentrum anlegen")


@bp.route("/centres/<int:centre_id>", methods=["GET", "POST"])
@require(Role.ADMIN)
def edit_centre(centre_id: int) -> ResponseReturnValue:
    """Change a centre: any one for a city-wide administrator, the current one for its own."""
    if not centre.city_wide() and centre_id != centre.here().id:
        abort(404)
    return _edit(db.get_or_404(Centre, centre_id), "Zentrum ändern")


def _edit(row: Centre, title: str) -> ResponseReturnValue:
    form = CentreForm()
    form.languages.choices = list(languages.names().items())
    city = centre.city_wide()
    if request.method == "GET" and row.id is not None:
        fill(form, row)
    elif not city:  # what routes calls and pages stays as the city-wide administrators set it
        form.slug.data, form.is_default.data = row.slug, row.is_default
        form.numbers.data = ", ".join(row.number_list)
    if form.validate_on_submit():
        region = current_app.config["PHONE_REGION"]
        tz = ZoneInfo(current_app.config["TIMEZONE"])
        if check(db.session, form, row, region, tz):
            db.session.add(row)
            db.session.commit()
            flash(f"Das Zentrum „{row.name}“ ist gespeichert.", "info")
            return redirect(url_for("admin.centres" if city else "admin.index"))
        db.session.rollback()
    status = 422 if form.errors else 200
    page = render_template("admin/centre_form.html", form=form, row=row, title=title, city=city)
    return page, status
