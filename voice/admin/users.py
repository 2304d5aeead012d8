"""Konten: a centre's administrators add accounts, give and change roles in their centre and
remove them; a city-wide administrator does it for every account and every centre."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from voice.admin import accounts, centre
from voice.admin.access import require
from voice.admin.accounts import ROLE_NAMES
from voice.admin.blueprint import bp
from voice.admin.forms import ConfirmForm, PhoneAccessForm, UserForm
from voice.centres import directory
from voice.db import db
from voice.models import Role, User
from voice.registrations import residents


def _account_or_404(user_id: int) -> User:
    """An account the logged-in administrator manages: one with a role in the current centre
    (a city-wide administrator: any); others are „not found“."""
    user = db.get_or_404(User, user_id)
    if not centre.city_wide() and (user.city_admin or centre.here().id not in _roles(user)):
        abort(404)
    return user


def _roles(user: User) -> dict[int, Role]:
    return accounts.roles_of(db.session, [user.id])[user.id]


@bp.route("/users", methods=["GET", "POST"])
@require(Role.ADMIN)
def users() -> ResponseReturnValue:
    """The current centre's accounts with their roles, and the form for a new one."""
    here = centre.here()
    form = UserForm()
    if form.validate_on_submit():
        role = Role(form.role.data)
        known = accounts.by_email(db.session, form.email.data)
        if known is not None and here.id in _roles(known):
            form.email.errors.append("Dieses Konto hat in diesem Zentrum schon eine Rolle.")
        elif known is not None:  # works in another centre already: now here too
            accounts.set_role(db.session, known, here.id, role)
            db.session.commit()
            flash(f"{known.name} hat jetzt auch in „{here.name}“ ein Konto.", "info")
            return redirect(url_for("admin.users"))
        elif not form.password.data:
            form.password.errors.append("Bitte ein erstes Passwort eingeben.")
        else:
            user = User(email=form.email.data.strip(), name=form.name.data.strip(), role=role)
            user.set_password(form.password.data)
            db.session.add(user)
            db.session.flush()
            accounts.set_role(db.session, user, here.id, role)
            db.session.commit()
            flash(f"Konto für {user.name} in „{here.name}“ angelegt.", "info")
            return redirect(url_for("admin.users"))
    rows = accounts.listed(db.session, here.id, centre.city_wide())
    return render_template(
        "admin/users.html",
        rows=rows,
        roles=accounts.roles_of(db.session, [u.id for u in rows]),
        role_names=ROLE_NAMES,
        places=directory(),
        form=form,
        confirm=ConfirmForm(),
        phone_form=PhoneAccessForm(),
    ), (422 if form.errors else 200)


@bp.post("/users/<int:user_id>/role")
@require(Role.ADMIN)
def change_role(user_id: int) -> ResponseReturnValue:
    """The account's role in the current centre, or none there any more."""
    user = _account_or_404(user_id)
    here = centre.here()
    wanted = request.form.get("role", "")
    if not ConfirmForm().validate_on_submit() or wanted not in {*Role, "none"}:
        abort(400)
    if user.id == current_user.id:
        flash("Die eigene Rolle kann man nicht ändern; bitten Sie eine andere Verwaltung.", "error")
        return redirect(url_for("admin.users"))
    accounts.set_role(db.session, user, here.id, None if wanted == "none" else Role(wanted))
    if not accounts.has_roles(db.session, user) and not user.city_admin:
        db.session.rollback()
        flash(
            f"{user.name} hat nur hier eine Rolle. Um das Konto zu entfernen, löschen Sie es.",
            "error",
        )
        return redirect(url_for("admin.users"))
    db.session.commit()
    said = "keine Rolle mehr" if wanted == "none" else f"die Rolle {ROLE_NAMES[Role(wanted)]}"
    flash(f"{user.name} hat in „{here.name}“ jetzt {said}.", "info")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/phone")
@require(Role.ADMIN)
def phone_access(user_id: int) -> ResponseReturnValue:
    """The staff line for one account: number, staff code, PIN; saving also lifts a lock."""
    user = _account_or_404(user_id)
    form = PhoneAccessForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("admin.users"))
    phone = (form.phone.data or "").strip()
    number = residents.normalise(phone, current_app.config["PHONE_REGION"]) if phone else None
    if phone and number is None:
        flash("Diese Telefonnummer kann ich nicht lesen, z. B. 0731 123456.", "error")
        return redirect(url_for("admin.users"))
    taken = (
        db.session.scalar(
            select(User).where(
                User.id != user.id,
                (User.phone == number) | (User.staff_code == (form.staff_code.data or None)),
            )
        )
        if (number or form.staff_code.data)
        else None
    )
    if taken is not None:
        flash(f"Diese Nummer oder Mitarbeiternummer hat schon {taken.name}.", "error")
        return redirect(url_for("admin.users"))
    user.phone, user.staff_code = number, form.staff_code.data or None
    if form.pin.data:
        user.set_pin(form.pin.data)
    user.pin_failures, user.phone_locked_until = 0, None
    db.session.commit()
    flash(f"Telefonzugang für {user.name} gespeichert.", "info")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/delete")
@require(Role.ADMIN)
def delete_user(user_id: int) -> ResponseReturnValue:
    """Delete an account; one that also works in another centre keeps its roles there (only
    a city-wide administrator deletes it everywhere)."""
    user = _account_or_404(user_id)
    here = centre.here()
    elsewhere = set(_roles(user)) - {here.id}
    if user.id == current_user.id:
        flash("Das eigene Konto kann man nicht löschen.", "error")
    elif ConfirmForm().validate_on_submit():
        if elsewhere and not centre.city_wide():
            accounts.set_role(db.session, user, here.id, None)
            flash(f"{user.name} hat in „{here.name}“ kein Konto mehr.", "info")
        else:
            accounts.remove(db.session, user)
            flash(f"Das Konto von {user.name} ist gelöscht.", "info")
        db.session.commit()
    return redirect(url_for("admin.users"))
