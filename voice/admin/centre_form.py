"""Zentren: the form for a neighbourhood centre, and the checks before one is saved (numbers
read with phonenumbers and unique across centres, office hours as calls read them, exactly one
default centre)."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import phonenumbers
from flask_wtf import FlaskForm
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from voice.centres.office_hours import OfficeHoursError, parse
from voice.models import Centre
from voice.registrations.residents import normalise

REQUIRED = "Bitte ausfüllen."
HOURS_EXAMPLE = "„Mo-Fr 09:00-12:00“, mehrere mit Semikolon: „Mo-Fr 09:00-12:00; Di 14:00-17:00“"


class CentreForm(FlaskForm):
    name = StringField(
        "Name (so hören ihn die Anrufenden)",
        validators=[DataRequired(REQUIRED), Length(max=120, message="Höchstens 120 Zeichen.")],
    )
    slug = StringField(
        "Kurzname für Adressen, z. B. weststadt (Infobildschirm: /screen/weststadt)",
        validators=[
            DataRequired(REQUIRED),
            Length(max=40, message="Höchstens 40 Zeichen."),
            Regexp(
                r"^[a-z0-9]+(-[a-z0-9]+)*$",
                message="Nur Kleinbuchstaben ohne Umlaute, Ziffern und Bindestriche, "
                "z. B. alter-eselsberg.",
            ),
        ],
    )
    numbers = StringField(
        "Telefonnummern, die dieses Zentrum annimmt (Twilio-Nummern; mehrere mit Komma getrennt)"
    )
    office_hours = StringField("Sprechzeiten (leer: keine)")
    staff_number = StringField("Telefonnummer der Zentrale für die Taste 0")
    public_number = StringField("Telefonnummer für Flyer und Infobildschirm")
    languages = SelectMultipleField(
        "Sprachen am Telefon (keine angekreuzt: alle)",
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,  # unknown codes are named in `check`, in German
    )
    is_default = BooleanField(
        "Standardzentrum: nimmt Anrufe an Nummern an, die keinem Zentrum gehören"
    )


def e164(typed: str, region: str) -> str | None:
    """A number as staff type it, in E.164; None when phonenumbers finds it is no valid
    number (stricter than a caller's number: a centre's number must be one that exists)."""
    number = normalise(typed, region)
    if number is None or not phonenumbers.is_valid_number(phonenumbers.parse(number)):
        return None
    return number


def _numbers(form: CentreForm, region: str) -> list[str]:
    found: list[str] = []
    for typed in re.split(r"[,;\n]+|\s+(?=\+)", (form.numbers.data or "").strip()):
        if not typed.strip():
            continue
        number = e164(typed, region)
        if number is None:
            form.numbers.errors.append(
                f"„{typed.strip()}“ ist keine Telefonnummer, die ich lesen kann, "
                "z. B. +49 731 1234567."
            )
        elif number not in found:
            found.append(number)
    return found


def _hours(form: CentreForm, tz: ZoneInfo) -> str:
    text = " ".join((form.office_hours.data or "").split())
    for part in filter(None, (p.strip() for p in text.split(";"))):
        try:
            parse(part, tz)
        except OfficeHoursError:
            form.office_hours.errors.append(
                f"„{part}“ kann ich nicht als Sprechzeit lesen. So geht es: {HOURS_EXAMPLE}. "
                "Wochentage: Mo Di Mi Do Fr Sa So; Uhrzeiten mit Doppelpunkt."
            )
            break
    return text


def _one_number(form: CentreForm, field: StringField, region: str) -> str:
    typed = (field.data or "").strip()
    if not typed:
        return ""
    number = e164(typed, region)
    if number is None:
        field.errors.append(f"„{typed}“ ist keine Telefonnummer, die ich lesen kann.")
        return ""
    return number


def check(session: Session, form: CentreForm, centre: Centre, region: str, tz: ZoneInfo) -> bool:
    """Copy the form into the centre when everything is right; else name each problem in
    its field and change nothing."""
    numbers = _numbers(form, region)
    hours = _hours(form, tz)
    staff_number = _one_number(form, form.staff_number, region)
    _one_number(form, form.public_number, region)  # shown as typed ("0731 123 45 67")
    known = {code for code, _name in form.languages.choices or []}
    unknown = [code for code in form.languages.data or [] if code not in known]
    if unknown:
        form.languages.errors.append(f"Diese Sprache gibt es nicht: {', '.join(unknown)}.")
    others = session.scalars(select(Centre).where(Centre.id != centre.id)).all()
    slug = (form.slug.data or "").strip()
    if any(other.slug == slug for other in others):
        form.slug.errors.append("Diesen Kurznamen hat schon ein anderes Zentrum.")
    for other in others:
        for number in set(numbers) & set(other.number_list):
            form.numbers.errors.append(f"Die Nummer {number} gehört schon zu „{other.name}“.")
    if centre.is_default and not form.is_default.data:
        form.is_default.errors.append(
            "Ein Zentrum muss das Standardzentrum sein. Machen Sie dazu ein anderes Zentrum "
            "zum Standardzentrum; dieses hört dann von selbst auf, es zu sein."
        )
    if form.errors:
        return False
    centre.name, centre.slug = form.name.data.strip(), slug
    centre.numbers, centre.office_hours = " ".join(numbers), hours
    centre.staff_number, centre.public_number = staff_number, form.public_number.data.strip()
    centre.languages = " ".join(form.languages.data or [])
    if form.is_default.data and not centre.is_default:
        session.execute(update(Centre).values(is_default=False))
        centre.is_default = True
    return True


def fill(form: CentreForm, centre: Centre) -> None:
    """The form for a centre as it is."""
    form.name.data, form.slug.data = centre.name, centre.slug
    form.numbers.data, form.office_hours.data = ", ".join(centre.number_list), centre.office_hours
    form.staff_number.data, form.public_number.data = centre.staff_number, centre.public_number
    form.languages.data = centre.language_list
    form.is_default.data = centre.is_default
