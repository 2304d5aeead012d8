"""The accounts of a centre and their roles there (the page „Konten“): queries and changes,
no commits (the views commit)."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from voice.models import CentreRole, Role, User

ROLE_NAMES = {
    Role.VOLUNTEER: "Ehrenamt",
    Role.STAFF: "Mitarbeit",
    Role.ADMIN: "Verwaltung",
}


def listed(session: Session, centre_id: int, everyone: bool) -> list[User]:
    """The accounts with a role in this centre; `everyone` (a city-wide administrator): all."""
    query = select(User).order_by(User.name, User.id)
    if not everyone:
        query = query.join(CentreRole, CentreRole.user_id == User.id).where(
            CentreRole.centre_id == centre_id, User.city_admin.is_(False)
        )
    return list(session.scalars(query))


def roles_of(session: Session, user_ids: list[int]) -> dict[int, dict[int, Role]]:
    """user id -> centre id -> role, for these accounts."""
    found: dict[int, dict[int, Role]] = {user_id: {} for user_id in user_ids}
    if user_ids:
        rows = session.execute(
            select(CentreRole.user_id, CentreRole.centre_id, CentreRole.role).where(
                CentreRole.user_id.in_(user_ids)
            )
        )
        for user_id, centre_id, role in rows:
            found[user_id][centre_id] = role
    return found


def by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def set_role(session: Session, user: User, centre_id: int, role: Role | None) -> None:
    """The account's role in this centre; None takes its role there away."""
    row = session.get(CentreRole, (user.id, centre_id))
    if role is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(CentreRole(user_id=user.id, centre_id=centre_id, role=role))
    else:
        row.role = role


def has_roles(session: Session, user: User) -> bool:
    """True while the account has a role in some centre."""
    session.flush()
    count = session.scalar(select(func.count()).where(CentreRole.user_id == user.id))
    return bool(count)


def remove(session: Session, user: User) -> None:
    """Delete the account with its roles."""
    session.execute(delete(CentreRole).where(CentreRole.user_id == user.id))
    session.delete(user)
