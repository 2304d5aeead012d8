"""Who may use the admin page: logins with throttling, roles, and the account commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache, wraps
from typing import ParamSpec

import click
from flask import abort
from flask.cli import with_appcontext
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, current_user
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from voice.admin import centre, throttle
from voice.db import db
from voice.models import Role, User, utcnow

CITY_ONLY = "Diese Seite ist nur für die Verwaltung aller Zentren (der ganzen Stadt)."
MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
P = ParamSpec("P")
View = Callable[P, ResponseReturnValue]

login_manager = LoginManager()
login_manager.login_view = "admin.login"
login_manager.login_message = "Bitte loggen Sie sich ein."
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


class LoginRefused(Exception):
    """Why a login did not work, in words for staff."""

    def __init__(self, message: str, *, checked: bool) -> None:
        super().__init__(message)
        self.checked = checked  # whether a password was checked (which takes a while)

    def take_time(self, password: str) -> None:
        """Take as long as a password check when none was made, so that the time of the
        answer does not tell an unknown or locked account from a wrong password. Call it
        after the commit: it holds no lock while it takes its time."""
        if not self.checked:
            check_password_hash(_unused_hash(), password)


# One answer for a wrong password, an unknown address, a locked account and an address with
# too many attempts: the page must not tell which e-mail addresses have an account.
REFUSED = (
    "Das Einloggen hat nicht geklappt: E-Mail-Adresse oder Passwort stimmen nicht, oder es gab "
    "zu viele falsche Versuche. Nach fünf falschen Versuchen ist das Einloggen für 15 Minuten "
    "gesperrt."
)


def authenticate(session: Session, email: str, password: str, address: str) -> User:
    """The account for these credentials, or LoginRefused.

    Counts before it checks, each in one atomic statement: an attempt from the client address
    (throttle.py) and, for a known account that is not locked, the account's failed logins.
    So even many concurrent requests get at most MAX_FAILURES password checks before the
    account locks for LOCK_FOR. See LoginRefused.take_time for the time a refusal takes."""
    now = utcnow()
    if not throttle.allows(session, address, now):
        raise LoginRefused(REFUSED, checked=False)
    user_id = session.scalar(select(User.id).where(func.lower(User.email) == email.strip().lower()))
    attempt = None if user_id is None else _count_attempt(session, user_id, now)
    if user_id is None or attempt is None or attempt > MAX_FAILURES:
        raise LoginRefused(REFUSED, checked=False)
    user = session.get(User, user_id, populate_existing=True)
    if user is None or not user.check_password(password):
        if user is not None and attempt >= MAX_FAILURES:
            user.locked_until, user.failed_logins = now + LOCK_FOR, 0
        raise LoginRefused(REFUSED, checked=True)
    user.failed_logins, user.locked_until = 0, None
    throttle.succeeded(session, address)
    return user


def _count_attempt(session: Session, user_id: int, now: datetime) -> int | None:
    """One more attempt on an account that is not locked: its number, or None when locked."""
    statement = (
        update(User)
        .where(User.id == user_id, or_(User.locked_until.is_(None), User.locked_until <= now))
        .values(failed_logins=User.failed_logins + 1)
        .returning(User.failed_logins)
        .execution_options(synchronize_session=False)
    )
    attempt: int | None = session.scalar(statement)
    return attempt


@cache
def _unused_hash() -> str:
    return generate_password_hash("kein Konto hat dieses Passwort")


def require(*roles: Role, city: bool = False) -> Callable[[View[P]], View[P]]:
    """A view for logged-in accounts with one of these roles in the current centre
    (administrators always); `city`: for city-wide administrators only."""

    def decorate(view: View[P]) -> View[P]:
        @wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
            if not current_user.is_authenticated:
                to_login: ResponseReturnValue = login_manager.unauthorized()
                return to_login
            if city and not centre.city_wide():
                abort(403, CITY_ONLY)
            if centre.current() is None:
                abort(403, centre.NO_CENTRE)
            if roles and not centre.may(*roles):
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
    """Create a city-wide administrator account (the first one, or another): it may
    everything in every centre."""
    if len(password) < 10:
        raise click.ClickException("Das Passwort braucht mindestens 10 Zeichen.")
    session = db.session
    if session.scalar(select(User).where(func.lower(User.email) == email.lower())):
        raise click.ClickException(f"Es gibt schon ein Konto für {email}.")
    user = User(email=email.strip(), name=name.strip(), role=Role.ADMIN, city_admin=True)
    user.set_password(password)
    session.add(user)
    session.commit()
    click.echo(f"Konto für {name} angelegt. Einloggen unter /admin/")
