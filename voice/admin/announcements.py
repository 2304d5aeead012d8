"""Neuigkeiten: announcements as text (spoken), as an upload, or recorded in the browser."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from voice.admin import centre, typed
from voice.admin.access import require
from voice.admin.blueprint import bp, local_zone
from voice.admin.event_service import to_local, to_utc
from voice.admin.forms import AnnouncementForm, ConfirmForm
from voice.admin.uploads import store_upload
from voice.db import db
from voice.models import Announcement, Role, utcnow
from voice.speech.preview import preview_wav, wav_response_or_pending
from voice.speech.settings import AudioRejected
from voice.speech.voice import Line


@bp.get("/news")
@require(Role.STAFF)
def news() -> ResponseReturnValue:
    """Every announcement, current ones first."""
    rows = db.session.scalars(
        select(Announcement)
        .where(Announcement.centre_id == centre.here().id)
        .order_by(Announcement.priority.desc(), Announcement.valid_from.desc())
    ).all()
    now = utcnow()
    current = [
        a
        for a in rows
        if a.published and a.valid_from <= now and (a.valid_until is None or a.valid_until > now)
    ]
    others = [a for a in rows if a not in current]
    return render_template("admin/news.html", current=current, others=others, confirm=ConfirmForm())


@bp.route("/news/new", methods=["GET", "POST"])
@require(Role.STAFF)
def new_announcement() -> ResponseReturnValue:
    form = AnnouncementForm()
    if request.method == "GET":
        form.valid_from.data = to_local(utcnow(), local_zone()).replace(second=0, microsecond=0)
    return _edit(Announcement(centre_id=centre.here().id), form, "Neue Ansage")


@bp.route("/news/<int:announcement_id>", methods=["GET", "POST"])
@require(Role.STAFF)
def edit_announcement(announcement_id: int) -> ResponseReturnValue:
    announcement = centre.own_or_404(Announcement, announcement_id)
    form = AnnouncementForm(obj=announcement) if request.method == "GET" else AnnouncementForm()
    if request.method == "GET":
        form.valid_from.data = to_local(announcement.valid_from, local_zone())
        form.valid_until.data = (
            to_local(announcement.valid_until, local_zone()) if announcement.valid_until else None
        )
    return _edit(announcement, form, "Ansage ändern")


def _edit(announcement: Announcement, form: AnnouncementForm, title: str) -> ResponseReturnValue:
    if request.method == "POST" and "preview" in request.form:  # „So klingt es“, not saved
        return _with_preview(announcement, form, title)
    if form.validate_on_submit():
        upload = form.audio.data
        has_upload = upload is not None and bool(getattr(upload, "filename", ""))
        if not has_upload and not (form.text.data or "").strip() and not announcement.recording:
            form.text.errors.append("Bitte einen Text eingeben oder eine Aufnahme hochladen.")
        else:
            try:
                if has_upload:
                    # Converting takes seconds: hold no transaction (on SQLite: the write lock,
                    # which calls need) meanwhile. Nothing is changed yet, so nothing is lost.
                    db.session.commit()
                    announcement.recording = store_upload(upload, "announcement")
            except AudioRejected as rejected:
                form.audio.errors.append(str(rejected))
            else:
                _apply(announcement, form)
                db.session.add(announcement)
                db.session.commit()
                flash(f"„{announcement.title}“ ist gespeichert.", "info")
                return redirect(url_for("admin.news"))
    status = 422 if form.errors else 200
    return render_template(
        "admin/news_form.html", form=form, announcement=announcement, title=title
    ), status


def _with_preview(
    announcement: Announcement, form: AnnouncementForm, title: str
) -> ResponseReturnValue:
    """The form as typed (nothing saved), with a player for its text."""
    text = (form.text.data or "").strip()
    preview_url = None
    form.text.errors = []  # not validated: the other fields are not checked for a preview
    if not text:
        form.text.errors.append(
            "Bitte zuerst einen Text eingeben; dann spielt „So klingt es“ ihn ab."
        )
    else:
        try:
            preview_url = url_for("admin.typed_preview", key=typed.remember(text))
        except OSError as error:
            form.text.errors.append(
                f"Die Vorschau lässt sich gerade nicht erstellen ({error.strerror}). "
                "Der Text ist nicht verloren: Sie können ihn trotzdem speichern."
            )
    return render_template(
        "admin/news_form.html",
        form=form,
        announcement=announcement,
        title=title,
        preview_url=preview_url,
    )


@bp.get("/news/typed/<key>.wav")
@require(Role.STAFF)
def typed_preview(key: str) -> Response:
    """A typed text as a call plays it, once the speech worker has built it (202 until then)."""
    text = typed.recall(key)
    if text is None:
        return Response(
            "Diese Vorschau gibt es nicht mehr. Bitte noch einmal auf „So klingt es“ klicken.",
            404,
            mimetype="text/plain",
        )
    return wav_response_or_pending(preview_wav([Line("news.item", {"text": text})]))


def _apply(announcement: Announcement, form: AnnouncementForm) -> None:
    announcement.title = form.title.data.strip()
    announcement.text = (form.text.data or "").strip() or None
    valid_from = form.valid_from.data
    assert valid_from is not None  # DataRequired: the form validated
    announcement.valid_from = to_utc(valid_from, local_zone())
    announcement.valid_until = (
        to_utc(form.valid_until.data, local_zone()) if form.valid_until.data else None
    )
    announcement.priority = form.priority.data or 0
    announcement.published = bool(form.published.data)


@bp.post("/news/<int:announcement_id>/delete")
@require(Role.STAFF)
def delete_announcement(announcement_id: int) -> ResponseReturnValue:
    announcement = centre.own_or_404(Announcement, announcement_id)
    if ConfirmForm().validate_on_submit():
        db.session.delete(announcement)
        db.session.commit()
        flash(f"„{announcement.title}“ ist gelöscht.", "info")
    return redirect(url_for("admin.news"))


@bp.get("/news/<int:announcement_id>/preview.wav")
@require(Role.STAFF)
def preview_announcement(announcement_id: int) -> Response:
    """The text as a call plays it, once the speech worker has built it (202 until then)."""
    announcement = centre.own_or_404(Announcement, announcement_id)
    text = (announcement.text or "").strip()
    if not text:
        abort(404)
    return wav_response_or_pending(preview_wav([Line("news.item", {"text": text})]))
