"""Konten: administrators add accounts, change roles and remove them."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from voice.admin.access import require
from voice.admin.forms import ConfirmForm, UserForm
from voice.admin.views import bp
from voice.db import db
from voice.models import Role, User


@bp.route("/users", methods=["GET", "POST"])
@require(Role.ADMIN)
def users():
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
    return render_template("admin/users.html", rows=rows, form=form, confirm=ConfirmForm()), (
        422 if form.errors else 200
    )


@bp.post("/users/<int:user_id>/delete")
@require(Role.ADMIN)
def delete_user(user_id: int):
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        flash("Das eigene Konto kann man nicht löschen.", "error")
    elif ConfirmForm().validate_on_submit():
        db.session.delete(user)
        db.session.commit()
        flash(f"Das Konto von {user.name} ist gelöscht.", "info")
    return redirect(url_for("admin.users"))
