"""Konten: administrators add accounts, change roles and remove them."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import func, select

from voice.admin.access import require
from voice.admin.blueprint import bp
from voice.admin.forms import ConfirmForm, PhoneAccessForm, UserForm
from voice.db import db
from voice.models import Role, User
from voice.registrations import residents


@bp.route("/users", methods=["GET", "POST"])
@require(Role.ADMIN)
def users() -> ResponseReturnValue:
    """The accounts, and the form for a new one."""
    form = UserForm()
    if form.validate_on_submit():
        email = form.email.data.strip()
        taken = db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))
        if taken:
            form.email.errors.append("Für diese Adresse gibt es schon ein Konto.")
        else:
            user = User(email=email, name=form.name.data.strip(), role=Role(form.role.data))
            user.set_password(form.password.data)
            db.session.add(user)
            db.session.commit()
            flash(f"Konto für {user.name} angelegt.", "info")
            return redirect(url_for("admin.users"))
    rows = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template(
        "admin/users.html",
        rows=rows,
        form=form,
        confirm=ConfirmForm(),
        phone_form=PhoneAccessForm(),
    ), (422 if form.errors else 200)


@bp.post("/users/<int:user_id>/phone")
@require(Role.ADMIN)
def phone_access(user_id: int) -> ResponseReturnValue:
    """The staff line for one account: number, staff code, PIN; saving also lifts a lock."""
    user = db.get_or_404(User, user_id)
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
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        flash("Das eigene Konto kann man nicht löschen.", "error")
    elif ConfirmForm().validate_on_submit():
        db.session.delete(user)
        db.session.commit()
        flash(f"Das Konto von {user.name} ist gelöscht.", "info")
    return redirect(url_for("admin.users"))
