"""Who may use the admin page: logins with throttling, roles, and the account commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import ParamSpec
from zoneinfo import ZoneInfo

import click
from flask import abort, current_app
from flask.cli import with_appcontext
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, current_user
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from voice.db import db
from voice.models import Role, User, utcnow

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
P = ParamSpec("P")
View = Callable[P, ResponseReturnValue]

login_manager = LoginManager()
login_manager.login_view = "admin.login"
login_manager.login_message = "Bitte melden Sie sich an."
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


class LoginRefused(Exception):
    """Why a login did not work, in words for staff."""


def authenticate(session: Session, email: str, password: str) -> User:
    """The account for these credentials; five wrong passwords lock it for a while."""
    user: User | None = session.scalar(
        select(User).where(func.lower(User.email) == email.strip().lower())
    )
    now = utcnow()
    if user is not None and user.locked_until and user.locked_until > now:
        raise LoginRefused(_locked_message(user.locked_until))
    if user is None or not user.check_password(password):
        if user is not None:
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILURES:
                until = now + LOCK_FOR
                user.locked_until, user.failed_logins = until, 0
                raise LoginRefused(_locked_message(until))
        raise LoginRefused("E-Mail-Adresse oder Passwort stimmen nicht.")
    user.failed_logins, user.locked_until = 0, None
    return user


def _locked_message(locked_until: datetime) -> str:
    until = locked_until.astimezone(ZoneInfo(current_app.config["TIMEZONE"]))
    return (
        f"Zu viele falsche Versuche. Das Konto ist bis {until:%H:%M} Uhr gesperrt. "
        "Versuchen Sie es danach noch einmal."
    )


def require(*roles: Role) -> Callable[[View[P]], View[P]]:
    """A view for logged-in accounts with one of these roles (admins always)."""

    def decorate(view: View[P]) -> View[P]:
        @wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
            if not current_user.is_authenticated:
                to_login: ResponseReturnValue = login_manager.unauthorized()
                return to_login
            if roles and not current_user.may(*roles):
                abort(403, "Diese Seite ist für Ihr Konto nicht freigegeben.")
            return view(*args, **kwargs)

        return guarded

    return decorate


@click.command("create-admin")
@click.option("--email", prompt="E-Mail-Adresse")
@click.option("--name", prompt="Name")
@click.password_option(prompt="Passwort", confirmation_prompt="Passwort wiederholen")
@with_appcontext
def create_admin_command(email: str, name: str, password: str) -> None:
    """Create an administrator account (the first one, or another)."""
    if len(password) < 10:
        raise click.ClickException("Das Passwort braucht mindestens 10 Zeichen.")
    session = db.session
    if session.scalar(select(User).where(func.lower(User.email) == email.lower())):
        raise click.ClickException(f"Es gibt schon ein Konto für {email}.")
    user = User(email=email.strip(), name=name.strip(), role=Role.ADMIN)
    user.set_password(password)
    session.add(user)
    session.commit()
    click.echo(f"Konto für {name} angelegt. Anmelden unter /admin/")
