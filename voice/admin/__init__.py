"""The staff's web page under /admin/: logins, roles, CSRF on every form."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import Forbidden, NotFound, RequestEntityTooLarge

# These modules add their views to the admin blueprint.
from voice.admin import (  # noqa: F401
    announcements,
    centres,
    events,
    flyer,
    login,
    meetings,
    messages,
    prompts,
    registrations,
    residents,
    start,
    statistics,
    unregister,
    users,
)
from voice.admin.access import create_admin_command, login_manager
from voice.admin.blueprint import bp

csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    """Sessions, CSRF and the admin blueprint."""
    https = app.config["PUBLIC_BASE_URL"].startswith("https://")
    app.config.update(
        SESSION_COOKIE_SECURE=https,  # over https only, where the service is served by https
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=app.config["SESSION_MINUTES"]),
        SESSION_REFRESH_EACH_REQUEST=True,  # the timeout counts idle time
    )
    login_manager.init_app(app)
    csrf.init_app(app)
    # Twilio's webhooks are signed instead; the simulator's API checks its own page header.
    for name in ("voice", "simulator", "reminders_sim"):
        if name in app.blueprints:
            csrf.exempt(app.blueprints[name])
    app.register_blueprint(bp)
    app.cli.add_command(create_admin_command)
    app.register_error_handler(CSRFError, _stale_form)
    app.register_error_handler(403, _forbidden)
    app.register_error_handler(404, _not_found)
    app.register_error_handler(413, _too_large)


def _stale_form(error: CSRFError) -> ResponseReturnValue:
    message = (
        "Das Formular war zu lange offen oder kam nicht von dieser Seite. Bitte laden Sie "
        "die Seite neu und versuchen Sie es noch einmal. Es wurde nichts gespeichert."
    )
    return render_template("admin/error.html", heading="Bitte noch einmal", message=message), 400


def _forbidden(error: Forbidden) -> ResponseReturnValue:
    if not request.path.startswith("/admin"):
        return error
    return render_template(
        "admin/error.html", heading="Nicht erlaubt", message=error.description
    ), 403


def _not_found(error: NotFound) -> ResponseReturnValue:
    if not request.path.startswith("/admin"):
        return error
    message = (
        "Diese Seite gibt es nicht (mehr). Vielleicht wurde sie gelöscht oder der Link ist alt."
    )
    return render_template("admin/error.html", heading="Nicht gefunden", message=message), 404


def _too_large(error: RequestEntityTooLarge) -> ResponseReturnValue:
    """An upload over the limit: refused before it is read, and said so in words."""
    if not request.path.startswith("/admin"):
        return error
    if request.mimetype != "multipart/form-data":  # no file: a form no page of ours sends
        message = "Das Formular ist zu groß und wurde nicht gespeichert."
        return render_template("admin/error.html", heading="Zu groß", message=message), 413
    limit = current_app.config["UPLOAD_MAX_MB"]
    message = (
        f"Die Datei ist größer als {limit} MB und wurde nicht gespeichert. Kürzen Sie die "
        "Aufnahme, oder speichern Sie sie als MP3: Das ist viel kleiner. Es wurde nichts "
        "geändert."
    )
    rule = request.url_rule
    back = request.path if rule and "GET" in (rule.methods or ()) else url_for("admin.prompts")
    return render_template(
        "admin/error.html", heading="Datei zu groß", message=message, back=back
    ), 413
