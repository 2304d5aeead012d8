"""The centre a staff member works in on the admin page (issue 19): their role in each centre,
the centre chosen in the header's switch, and rows of other centres kept out of reach.

An account's role is its `CentreRole` in the current centre; a city-wide administrator
(`User.city_admin`) is an administrator in every centre. `User.role` decides nothing here."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from flask import abort, g, session
from flask_login import current_user
from sqlalchemy import select

from voice.centres import Place, directory
from voice.db import db
from voice.models import CentreRole, Role

CHOSEN = "centre"  # the session's key: the id of the centre chosen in the switch


class OfACentre(Protocol):
    centre_id: int


Row = TypeVar("Row", bound=OfACentre)


def roles() -> dict[int, Role]:
    """The logged-in account's role per centre id (read once per request)."""
    if "centre_roles" not in g:
        rows = db.session.execute(
            select(CentreRole.centre_id, CentreRole.role).where(
                CentreRole.user_id == current_user.id
            )
        )
        g.centre_roles = {row.centre_id: row.role for row in rows}
    found: dict[int, Role] = g.centre_roles
    return found


def city_wide() -> bool:
    """True for a city-wide administrator."""
    return bool(current_user.is_authenticated and current_user.city_admin)


def open_to_me() -> list[Place]:
    """The centres the logged-in account works in (every one for a city-wide admin)."""
    places = directory().places
    if city_wide():
        return list(places)
    mine = roles()
    return [p for p in places if p.id in mine]


def current() -> Place | None:
    """The centre the pages show: the one chosen in the switch, else the default centre
    (where the account works there), else the account's first; None without any role."""
    mine = open_to_me()
    if not mine:
        return None
    chosen = session.get(CHOSEN)
    return next(
        (p for p in mine if p.id == chosen),
        next((p for p in mine if p.is_default), mine[0]),
    )


def here() -> Place:
    """The current centre, in a view that `require` let through (so there is one)."""
    place = current()
    if place is None:
        abort(403, NO_CENTRE)
    return place


def choose(centre_id: int) -> Place | None:
    """Work in this centre from now on (remembered in the session); None when the account
    may not."""
    place = next((p for p in open_to_me() if p.id == centre_id), None)
    if place is not None:
        session[CHOSEN] = place.id
    return place


def role() -> Role | None:
    """The account's role in the current centre."""
    if city_wide():
        return Role.ADMIN
    place = current()
    return None if place is None else roles().get(place.id)


def may(*wanted: Role) -> bool:
    """True when the account's role in the current centre is one of these (administrators
    may everything; with no roles named, only they may)."""
    mine = role()
    return mine is Role.ADMIN or (mine is not None and mine in wanted)


def own_or_404(model: type[Row], row_id: Any) -> Row:
    """The row of the URL, when it belongs to the current centre: another centre's row is
    „not found“, as if it were not there (no hint that it exists)."""
    row = db.get_or_404(model, row_id)
    if row.centre_id != here().id:
        abort(404)
    return row


NO_CENTRE = (
    "Ihr Konto hat noch in keinem Zentrum eine Rolle. Bitte bitten Sie die Verwaltung Ihres "
    "Zentrums, Ihnen auf der Seite „Konten“ eine Rolle zu geben."
)
