"""The admin page's forms (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import phonenumbers
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from voice.admin.dates import END_OF_DAY, MIDNIGHT, LocalDateTimeField
from voice.admin.numbers import WholeNumberField
from voice.models import BridgeKind

SIP_URI = re.compile(r"^sips?:[^@\s]+@[^\s@]+$")
KEYS = re.compile(r"^[0-9*#w]+$")
REQUIRED = "Bitte ausfüllen."
TITLE_LENGTH = Length(max=200, message="Höchstens 200 Zeichen, bitte kürzer.")
DESCRIPTION_LENGTH = Length(max=1000, message="Höchstens 1000 Zeichen, bitte kürzer.")


class LoginForm(FlaskForm):
    email = EmailField("E-Mail-Adresse", validators=[DataRequired(REQUIRED)])
    password = PasswordField("Passwort", validators=[DataRequired(REQUIRED)])


class EventForm(FlaskForm):
    title = StringField("Titel", validators=[DataRequired(REQUIRED), TITLE_LENGTH])
    description = TextAreaField(
        "Kurze Beschreibung (wird am Telefon vorgelesen)", validators=[DESCRIPTION_LENGTH]
    )
    starts_at = LocalDateTimeField(
        "Beginn",
        validators=[DataRequired("Bitte Datum und Uhrzeit angeben, z. B. 24.12.2026 18:00.")],
    )
    ends_at = LocalDateTimeField(
        "Ende",
        validators=[DataRequired("Bitte Datum und Uhrzeit angeben, z. B. 24.12.2026 20:00.")],
        same_day_as="starts_at",
    )
    capacity = WholeNumberField(
        "Plätze (leer = unbegrenzt)",
        validators=[
            Optional(),
            NumberRange(min=0, max=10000, message="Bitte eine Zahl von 0 bis 10000."),
        ],
        example=20,
        units=("Plätze", "Platz", "Personen"),
        empty_means="Leer lassen heißt: unbegrenzt viele Plätze.",
    )
    published = BooleanField("Am Telefon ansagen", default=True)
    phone_code = StringField(
        "Veranstaltungsnummer (4 Ziffern)",
        validators=[DataRequired(REQUIRED), Regexp(r"^\d{4}$", message="Genau vier Ziffern.")],
    )
    pin = StringField(
        "PIN (freiwillig)",
        validators=[Optional(), Regexp(r"^\d{4,6}$", message="4 bis 6 Ziffern, oder leer lassen.")],
    )
    remind_minutes = WholeNumberField(
        "Erinnerungsanruf: wie viele Minuten vor Beginn",
        default=10,
        validators=[
            InputRequired("Bitte eine Zahl angeben, z. B. 10."),
            NumberRange(min=1, max=600, message="Zwischen 1 und 600 Minuten."),
        ],
        example=10,
        units=("Minuten", "Min.", "Min"),
    )
    remind_day_before = BooleanField("Zusätzlich am Tag vorher anrufen")
    bridge_kind = SelectField(
        "Wie kommen Anrufende in das Treffen?",
        choices=[
            SelectChoice(BridgeKind.CONFERENCE.value, "Telefonkonferenz (nur am Telefon)"),
            SelectChoice(
                BridgeKind.SIP.value,
                "Videokonferenz (Jitsi oder BigBlueButton), verbunden über eine SIP-Adresse",
            ),
            SelectChoice(
                BridgeKind.PHONE.value,
                "Videokonferenz mit Einwahlnummer (Zoom, BigBlueButton, Jitsi)",
            ),
        ],
    )
    wait_for_host = BooleanField(
        "Anrufende warten mit Musik, bis die Veranstaltungsleitung die Konferenz eröffnet"
    )
    end_with_host = BooleanField("Die Konferenz endet, wenn die Veranstaltungsleitung auflegt")
    sip_address = StringField("SIP-Adresse der Videokonferenz", validators=[Length(max=500)])
    bridge_room = StringField("Name des Jitsi-Raums (nur bei Jitsi)", validators=[Length(max=300)])
    dial_number = StringField("Einwahlnummer", validators=[Length(max=500)])
    bridge_digits = StringField(
        "Nummern, die nach der Einwahl getippt werden", validators=[Length(max=100)]
    )

    # Filled in by `with_languages`: language code -> its own name ("en" -> "English").
    languages: dict[str, str] = {}

    @classmethod
    def with_languages(cls, names: dict[str, str]) -> type[EventForm]:
        """The form with an optional title and description for each language besides German,
        as `title_en`, `description_en`: the same limits as the German ones."""
        fields: dict[str, object] = {"languages": dict(names)}
        for code, name in names.items():
            fields[f"title_{code}"] = StringField(
                f"Titel ({name})", validators=[Optional(), TITLE_LENGTH]
            )
            fields[f"description_{code}"] = TextAreaField(
                f"Kurze Beschreibung ({name})", validators=[DESCRIPTION_LENGTH]
            )
        return type(cls.__name__, (cls,), fields)

    def translation_fields(self) -> list[tuple[str, str, Field, Field]]:
        """Each other language: code, name, its title field and its description field."""
        return [
            (code, name, self[f"title_{code}"], self[f"description_{code}"])
            for code, name in self.languages.items()
        ]

    def translations(self) -> dict[str, dict[str, str]]:
        """What was typed in the other languages; a language with nothing typed is left out
        (the call then introduces the German text in the caller's language)."""
        typed = {}
        for code, _name, title, description in self.translation_fields():
            texts = {"title": (title.data or "").strip()}
            texts["description"] = (description.data or "").strip()
            if any(texts.values()):
                typed[code] = texts
        return typed

    def fill_translations(self, translations: dict[str, dict[str, str]]) -> None:
        """Show what an event keeps in the other languages."""
        for code, _name, title, description in self.translation_fields():
            title.data = translations.get(code, {}).get("title", "")
            description.data = translations.get(code, {}).get("description", "")

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """The fields' checks, and: a description in a language needs its title there too."""
        valid: bool = super().validate(extra_validators=extra_validators)
        for _code, _name, title, description in self.translation_fields():
            if (description.data or "").strip() and not (title.data or "").strip():
                title.errors = [*title.errors, "Bitte auch den Titel in dieser Sprache eintragen."]
                valid = False
        return valid

    def validate_ends_at(self, field: Field) -> None:
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError("Das Ende muss nach dem Beginn liegen.")

    def validate_sip_address(self, field: Field) -> None:
        target = (field.data or "").strip()
        if self.bridge_kind.data == BridgeKind.SIP.value and not SIP_URI.match(target):
            raise ValidationError(
                "Bitte die SIP-Adresse so angeben: sip:raum@meet.example.org. Sie steht in den "
                "Einstellungen des Videokonferenz-Servers."
            )

    def validate_dial_number(self, field: Field) -> None:
        if self.bridge_kind.data != BridgeKind.PHONE.value:
            return
        try:
            number = phonenumbers.parse((field.data or "").strip(), None)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ValidationError(
                "Bitte die Einwahlnummer mit Ländervorwahl angeben, z. B. +49 69 7104 9922."
            )
        field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def validate_bridge_digits(self, field: Field) -> None:
        if self.bridge_kind.data != BridgeKind.PHONE.value:
            return
        field.data = dial_keys(field.data or "")


def dial_keys(typed: str) -> str:
    """The keys typed after dialling in, as staff copy them from an invitation: each number
    ends with # (Zoom, Jitsi and BigBlueButton all wait for it). Where staff wrote no pause
    (w), two half seconds go before each number: the meeting's voice needs time to ask."""
    keys = "".join(typed.split())
    if not keys:
        return ""
    if not KEYS.match(keys):
        raise ValidationError("Nur Ziffern, *, # und w sind erlaubt.")
    if not keys.rstrip("w").endswith("#") or re.search(r"\d[w*]", keys):
        raise ValidationError(
            "Nach jeder Nummer gehört eine Raute (#), sonst wartet die Videokonferenz "
            "vergeblich. Bei Zoom: Meeting-ID #, dann #, dann Kenncode #, "
            "z. B. 855 1234 5678 # # 123456 #."
        )
    if "w" not in keys:
        keys = "ww" + re.sub(r"#(?=.)", "#ww", keys)
    return keys


class BookingForm(FlaskForm):
    phone = StringField("Telefonnummer", validators=[DataRequired(REQUIRED)])
    name = StringField("Name", validators=[DataRequired(REQUIRED), Length(max=120)])
    wants_reminder = BooleanField("Vorher anrufen und erinnern", default=True)


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class AnnouncementForm(FlaskForm):
    title = StringField(
        "Überschrift (nur für Sie)", validators=[DataRequired(REQUIRED), Length(max=200)]
    )
    text = TextAreaField("Text zum Vorlesen", validators=[Length(max=3000)])
    audio = FileField("Oder eine Aufnahme hochladen (MP3, WAV, M4A, …)")
    valid_from = LocalDateTimeField(
        "Ansagen ab",
        validators=[DataRequired("Bitte ein Datum angeben, z. B. 24.12.2026 09:00.")],
        date_only=MIDNIGHT,
    )
    valid_until = LocalDateTimeField(
        "Ansagen bis (leer = bis auf Weiteres)",
        validators=[Optional()],
        date_only=END_OF_DAY,
        same_day_as="valid_from",
    )
    priority = WholeNumberField(
        "Reihenfolge (höher = zuerst)",
        default=0,
        validators=[
            Optional(),
            NumberRange(min=-100, max=100, message="Eine Zahl von -100 bis 100."),
        ],
        example=5,
        empty_means="Leer lassen heißt: 0.",
        render_kw={"inputmode": "text"},  # a phone's number pad may have no minus sign
    )
    published = BooleanField("Am Telefon ansagen", default=True)

    def validate_valid_until(self, field: Field) -> None:
        if self.valid_from.data and field.data and field.data <= self.valid_from.data:
            raise ValidationError("Das Ende muss nach dem Anfang liegen.")


class MessageForm(FlaskForm):
    handled_by = StringField("Wer kümmert sich?", validators=[Length(max=120)])
    done = BooleanField("Erledigt")


class ResidentForm(FlaskForm):
    name = StringField("Name", validators=[Length(max=120)])
    # The choices are every catalogue's language by its own name, set by the view.
    language = SelectField("Sprache am Telefon")
    consent = BooleanField("Ist einverstanden, dass wir Nummer, Name und Aufnahmen speichern")


class RecordingForm(FlaskForm):
    audio = FileField(
        "Aufnahme (MP3, WAV, M4A, …)", validators=[FileRequired("Bitte eine Datei wählen.")]
    )


class UserForm(FlaskForm):
    email = EmailField("E-Mail-Adresse", validators=[DataRequired(REQUIRED), Length(max=200)])
    name = StringField("Name", validators=[DataRequired(REQUIRED), Length(max=120)])
    role = SelectField(
        "Rolle",
        choices=[
            SelectChoice("volunteer", "Ehrenamt (Anmeldungen, Drucken)"),
            SelectChoice("staff", "Mitarbeit (alles außer Konten)"),
            SelectChoice("admin", "Verwaltung (alles, auch Konten dieses Zentrums)"),
        ],
    )
    password = PasswordField(
        "Erstes Passwort (mindestens 10 Zeichen; leer lassen, wenn das Konto schon in einem "
        "anderen Zentrum besteht)",
        validators=[Optional(), Length(min=10, message="Mindestens 10 Zeichen.")],
    )


class PhoneAccessForm(FlaskForm):
    phone = StringField(
        "Eigene Telefonnummer (dann ist die 8 im Menü zu hören)", validators=[Length(max=30)]
    )
    staff_code = StringField(
        "Mitarbeiternummer (für andere Telefone)",
        validators=[Optional(), Regexp(r"^\d{4,6}$", message="4 bis 6 Ziffern, oder leer lassen.")],
    )
    pin = PasswordField(
        "Neue PIN (4 bis 6 Ziffern; leer lassen, um sie zu behalten)",
        validators=[Optional(), Regexp(r"^\d{4,6}$", message="4 bis 6 Ziffern.")],
    )
