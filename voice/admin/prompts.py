"""Ansagen: every prompt with its text; listen, rebuild, replace with a recording, go back."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select, update
from werkzeug.datastructures import FileStorage

from voice.admin import centre, languages, prompt_list
from voice.admin.access import require
from voice.admin.blueprint import bp
from voice.admin.forms import ConfirmForm, RecordingForm
from voice.admin.uploads import not_stored, usable_store
from voice.db import db
from voice.models import PromptRecording, Recording, Role
from voice.speech import audio_settings, current_voice, recordings, shared
from voice.speech.catalogue import CENTRE, Prompt
from voice.speech.languages import REFERENCE
from voice.speech.preview import wav_response_or_pending
from voice.speech.settings import AudioRejected
from voice.speech.store import AudioStore


@bp.get("/prompts")
@require(Role.STAFF)
def prompts() -> ResponseReturnValue:
    """The catalogue in one language (`?sprache=en`, German first): what each prompt says
    there, in the other languages folded beside it, and how it sounds now."""
    language = languages.chosen(request.args.get("sprache"))
    catalogues = languages.catalogues()
    catalogue = catalogues[language]
    store = _store(language)
    here = centre.here().id
    recorded = recordings.active(db.session, language, here)
    waiting = {
        r.prompt_id: r.recorded_by
        for r in db.session.scalars(
            select(PromptRecording)
            .join(PromptRecording.recording)
            .where(
                Recording.audio_name.is_(None),
                PromptRecording.language == language,
                PromptRecording.centre_id == here,
            )
        )
    }
    names = languages.names()
    rows = []
    # In the German order, so that a prompt's number (typed on the staff line) is the same
    # in every language.
    for number, prompt_id in enumerate(catalogues[REFERENCE].prompts, start=1):
        if prompt_id not in catalogue:
            continue
        prompt = catalogue[prompt_id]
        whole = _whole(prompt)  # one text, built as a whole
        audio = store if whole is not None else None
        pending = audio is not None and whole is not None and audio.rebuild_pending(whole)
        built = audio.find(whole) if audio is not None and whole is not None else None
        if prompt.id in recorded:
            source, name = "Aufnahme", recorded[prompt.id]
        elif pending:
            source, name = "Computerstimme, wird neu erstellt", None
        elif built:
            source, name = "Computerstimme", built
        else:
            source, name = _unheard(prompt.fields), None
        if prompt.id in waiting:
            who = waiting[prompt.id] or "Mitarbeitenden"
            source += f" (eine Aufnahme per Telefon von {who} wird übernommen)"
        row = {"number": number, "prompt": prompt, "source": source, "name": name}
        row["recordable"] = whole is not None
        row["sentence"] = prompt_list.sentence(prompt)
        row["others"] = [
            (code, names[code], prompt_list.sentence(other[prompt_id]))
            for code, other in catalogues.items()
            if code != language and prompt_id in other
        ]
        rows.append(row | {"pending": pending and prompt.id not in recorded})
    query = request.args.get("suche", "").strip()
    groups = prompt_list.grouped(rows, query)
    return render_template(
        "admin/prompts.html",
        groups=groups,
        found=sum(len(group.rows) for group in groups),
        total=len(rows),
        query=query,
        form=RecordingForm(),
        confirm=ConfirmForm(),
        language=language,
        language_names=names,
        sprache=_sprache(language),
        search_text=prompt_list.search_text,
    )


def _store(language: str) -> AudioStore | None:
    """The audio store that holds this language's built prompts, if there is one here."""
    return current_voice(language).store


def _whole(prompt: Prompt) -> str | None:
    """The prompt's one text in the page's centre's calls (its name filled in), when it has
    one: then it is built whole and may be replaced by a recording; None when it changes
    with each call."""
    if not recordings.recordable(prompt):
        return None
    return prompt.render({CENTRE: centre.here().name} if prompt.fields else {})


def _unheard(fields: object) -> str:
    """Where the page has no audio of a prompt: why."""
    return "wechselnd" if fields else "Twilio liest vor"


def _sprache(language: str) -> str | None:
    """The page's `?sprache=` for links and forms: none for German."""
    return None if language == REFERENCE else language


def _language() -> str:
    return languages.chosen(request.args.get("sprache"))


def _back(prompt_id: str, language: str) -> ResponseReturnValue:
    return redirect(url_for("admin.prompts", sprache=_sprache(language)) + f"#{prompt_id}")


def _named(prompt_id: str, language: str = REFERENCE) -> str:
    """A prompt as a flash message names it: the start of its sentence."""
    catalogue = languages.catalogues()[language]
    if prompt_id not in catalogue:
        return prompt_id
    text = prompt_list.sentence(catalogue[prompt_id])
    return f"„{text if len(text) <= 60 else text[:57].rsplit(' ', 1)[0] + ' …'}“"


@bp.post("/prompts/<prompt_id>/recording")
@require(Role.STAFF)
def replace_prompt(prompt_id: str) -> ResponseReturnValue:
    """Replace a prompt in one language (`?sprache=`) with an upload or a browser recording."""
    language = _language()
    form = RecordingForm()
    if form.validate_on_submit():
        upload_path = _saved(form.audio.data)
        db.session.commit()  # no transaction (no SQLite write lock) while it is converted
        try:
            store = usable_store()
            try:
                recordings.replace_prompt(
                    db.session,
                    store,
                    languages.catalogues()[language],
                    prompt_id,
                    upload_path,
                    source="upload",
                    recorded_by=_who(),
                    max_seconds=current_app.config["AUDIO_MAX_SECONDS"],
                    settings=audio_settings(current_app.config),
                    centre_id=centre.here().id,
                )
            except OSError as error:
                raise not_stored(store, error) from error
        except AudioRejected as rejected:
            db.session.rollback()
            flash(f"{_named(prompt_id, language)}: {rejected}", "error")
        else:
            db.session.commit()
            flash(
                f"{_named(prompt_id, language)} wird jetzt mit Ihrer Aufnahme abgespielt.", "info"
            )
        finally:
            upload_path.unlink(missing_ok=True)
    else:
        flash("Bitte eine Datei wählen.", "error")
    return _back(prompt_id, language)


def _saved(upload: FileStorage) -> Path:
    handle, name = tempfile.mkstemp(prefix="prompt-")
    path = Path(name)
    with open(handle, "wb") as out:
        out.write(upload.read())
    return path


def _who() -> str:
    name: str = current_user.name  # flask_login's proxy is untyped
    return name


@bp.post("/prompts/<prompt_id>/generated")
@require(Role.STAFF)
def back_to_generated(prompt_id: str) -> ResponseReturnValue:
    """Stop using a recording in one language: the computer voice (or Twilio's) speaks the
    prompt there again."""
    language = _language()
    if ConfirmForm().validate_on_submit():
        db.session.execute(
            update(PromptRecording)
            .where(
                PromptRecording.prompt_id == prompt_id,
                PromptRecording.language == language,
                PromptRecording.centre_id == centre.here().id,
            )
            .values(active=False)
        )
        db.session.commit()
        named = _named(prompt_id, language)
        flash(f"{named} wird wieder mit der Computerstimme gesprochen.", "info")
    return _back(prompt_id, language)


@bp.post("/prompts/<prompt_id>/rebuild")
@require(Role.STAFF)
def rebuild_prompt(prompt_id: str) -> ResponseReturnValue:
    """Ask the speech worker to build the prompt's audio again: nothing is synthesised in
    this request (a web worker never waits for a voice, Google's least of all)."""
    language = _language()
    catalogue = languages.catalogues()[language]
    store = _store(language)
    if ConfirmForm().validate_on_submit() and prompt_id in catalogue and store is not None:
        prompt = catalogue[prompt_id]
        whole = _whole(prompt)
        for text in prompt.literals() if whole is None else [whole]:
            store.request_rebuild(text)
        flash(
            f"{_named(prompt_id, language)} wird neu erstellt. Das dauert einige Sekunden; "
            "die Seite zeigt den Player, sobald die Ansage fertig ist.",
            "info",
        )
    return _back(prompt_id, language)


@bp.get("/prompts/<prompt_id>/audio.wav")
@require(Role.STAFF)
def prompt_audio(prompt_id: str) -> Response:
    """The prompt's computer voice, or 202 while the speech worker builds it (again)."""
    language = _language()
    catalogue = languages.catalogues()[language]
    store = _store(language)
    text = _whole(catalogue[prompt_id]) if prompt_id in catalogue else None
    if text is None or store is None:
        abort(404)
    name = store.find(text)
    if name is None or store.rebuild_pending(text):
        return wav_response_or_pending(None)
    path = shared.local(db.session, store, name)  # built by another server's worker
    return wav_response_or_pending(path.read_bytes() if path else None)
