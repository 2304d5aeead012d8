"""Logging in and out of the admin page."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_user, logout_user
from werkzeug.exceptions import HTTPException

from voice.admin import throttle
from voice.admin.access import LoginRefused, authenticate, require
from voice.admin.blueprint import bp
from voice.admin.forms import ConfirmForm, LoginForm
from voice.db import db
from voice.models import accounts_exist


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """The login form; before any account exists it explains how to make one."""
    if not accounts_exist(db.session):
        return render_template("admin/no_accounts.html")
    form = LoginForm()
    if form.validate_on_submit():
        try:
            address = throttle.client_key(request.remote_addr)  # TRUSTED_PROXIES: the client's
            user = authenticate(db.session, form.email.data, form.password.data, address)
        except LoginRefused as refused:
            db.session.commit()  # the count of failed attempts
            refused.take_time(form.password.data)
            flash(str(refused), "error")
            return render_template("admin/login.html", form=form), 401
        db.session.commit()
        session.permanent = True  # PERMANENT_SESSION_LIFETIME ends idle sessions
        login_user(user)
        return redirect(own_page(request.args.get("next", "")) or url_for("admin.index"))
    return render_template("admin/login.html", form=form)


def own_page(target: str) -> str | None:
    r"""`target` as a path of a page of ours, or None: after a login we follow no other link.

    Browsers drop tabs and newlines inside a URL and read a backslash as a slash, so
    `/\t/evil.example` or `/\\evil.example` would lead to another site; such a target is refused
    whole. What is left is parsed and must be a path without scheme or host that one of our
    routes answers for a GET; the redirect is rebuilt from those parts."""
    if any(char.isspace() or not char.isprintable() or char == "\\" for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith("//"):  # `////host` keeps an empty host in the parse
        return None
    adapter = current_app.url_map.bind(request.host)
    try:
        adapter.match(parts.path, method="GET")
    except HTTPException:  # not ours, not a page, or a redirect elsewhere
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))


@bp.post("/logout")
@require()
def logout() -> ResponseReturnValue:
    ConfirmForm().validate_on_submit()
    logout_user()
    flash("Sie sind ausgeloggt.", "info")
    return redirect(url_for("admin.login"))
