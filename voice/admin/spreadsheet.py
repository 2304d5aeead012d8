"""Tables for spreadsheets (CSV for Excel and LibreOffice), safe to open.

A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, after which a
spreadsheet may read one of those) is taken as a formula: a resident's name typed as
`=HYPERLINK(...)` would become a link or a command in the staff member's spreadsheet. Such a
cell gets a leading apostrophe, the usual mark for "text, not a formula" (OWASP's advice on CSV
injection); every CSV the admin page exports goes through `csv_response`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """The value as text a spreadsheet shows as it is and never runs."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(
    header: Sequence[str], rows: Iterable[Sequence[object]], filename: str
) -> Response:
    """A CSV download (semicolons, as German Excel expects) with every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([cell(name) for name in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return Response(
        "\ufeff" + out.getvalue(),  # the BOM makes Excel read the umlauts right
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
