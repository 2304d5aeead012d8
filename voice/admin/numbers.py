"""Whole numbers as staff type them (Plätze, Minuten, Reihenfolge), with German messages.

The field is a text box, not `<input type="number">`: a number box in Chromium sends an
empty value for „zwanzig“, „1e“ or „20 Plätze“, and the server cannot tell that from a field
left empty (which means „unbegrenzt“ for the seats). As text, the server sees what was
typed, reads „ 20 “, „20 Plätze“ and „1.000“, and names anything else, keeping the text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from wtforms import Field
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

WHOLE = re.compile(r"[+-]?[0-9]+")
GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+")  # 1.000, as Germans group digits
DECIMAL = re.compile(r"[+-]?[0-9]+[.,][0-9]+")


class NotANumber(ValueError):
    """What was typed is not a whole number; the message says so in German."""


def read_whole_number(typed: str, units: Sequence[str] = (), example: int = 20) -> int | None:
    """The number in what was typed: None when empty; the field's unit may follow it
    („20 Plätze“); NotANumber for anything else („zwanzig“, „ca. 20“, „1e“, „2,5“)."""
    text = " ".join(typed.split())
    if not text:
        return None
    for unit in units:
        if text.lower().endswith(" " + unit.lower()):
            text = text[: -len(unit) - 1]
            break
    if WHOLE.fullmatch(text):
        return int(text)
    if GROUPED.fullmatch(text):
        return int(text.replace(".", ""))
    if DECIMAL.fullmatch(text):
        raise NotANumber(f"Bitte eine ganze Zahl ohne Komma eintragen, z. B. {example}.")
    raise NotANumber(
        f"„{typed.strip()}“ kann ich nicht als Zahl lesen. "
        f"Bitte nur die Zahl in Ziffern eintragen, z. B. {example}."
    )


class WholeNumberField(Field):
    """A whole number in a text box: empty is None (the validators decide whether that is
    allowed); what cannot be read is named, and the box keeps what was typed."""

    widget = TextInput()
    data: int | None

    def __init__(
        self,
        label: str | None = None,
        validators: Sequence[Any] | None = None,
        *,
        example: int = 20,
        units: Sequence[str] = (),
        empty_means: str = "",
        **kwargs: Any,
    ) -> None:
        render_kw = {"inputmode": "numeric", "autocomplete": "off", **kwargs.pop("render_kw", {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.example = example
        self.units = tuple(units)
        self.empty_means = empty_means
        self.problem: str | None = None

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.problem = None
        if not valuelist:
            return
        try:
            self.data = read_whole_number(str(valuelist[0]), self.units, self.example)
        except NotANumber as error:
            self.data = None
            self.problem = f"{error} {self.empty_means}".strip()

    def pre_validate(self, form: Any) -> None:
        if self.problem:
            raise StopValidation(self.problem)

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else str(self.data)
