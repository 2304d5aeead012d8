"""Logging in and out of the admin page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_user, logout_user

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
            user = authenticate(db.session, form.email.data, form.password.data)
        except LoginRefused as refused:
            db.session.commit()  # the count of failed attempts
            flash(str(refused), "error")
            return render_template("admin/login.html", form=form), 401
        db.session.commit()
        session.permanent = True  # PERMANENT_SESSION_LIFETIME ends idle sessions
        login_user(user)
        target = request.args.get("next", "")
        if not target.startswith("/") or target.startswith("//"):
            target = url_for("admin.events")  # only our own pages: no open redirect
        return redirect(target)
    return render_template("admin/login.html", form=form)


@bp.post("/logout")
@require()
def logout() -> ResponseReturnValue:
    ConfirmForm().validate_on_submit()
    logout_user()
    flash("Sie sind abgemeldet.", "info")
    return redirect(url_for("admin.login"))


@bp.get("/")
@require()
def index() -> ResponseReturnValue:
    return redirect(url_for("admin.events"))
