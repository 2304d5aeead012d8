"""Anrufe: the call log and charts of how the service is used."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select

from voice.admin import centre
from voice.admin.access import require
from voice.admin.blueprint import bp
from voice.db import db
from voice.models import Call, Event, Registration, Role, utcnow
from voice.registrations.residents import masked

DAYS = 14
# Where a call can end that the charts of use leave out (the staff line's menus, the reminder
# call's, the menu inside a meeting): named in German all the same, never by their ids.
UNLISTED = {
    "meeting": "In der Konferenz",
    "join_pin": "PIN der Veranstaltung",
    "reminder_call": "Erinnerungsanruf",
    "reminder_cancelled": "Anruf zur Absage",
}


def step_label(step: str, menus: dict[str, str]) -> str:
    """What staff call the menu a call ended in."""
    if step in menus:
        return menus[step]
    if step in UNLISTED:
        return UNLISTED[step]
    return "Mitarbeiterbereich" if step.startswith("staff") else "anderer Schritt"


def way(call: Call, menus: dict[str, str]) -> str:
    """The menus a caller went through, each once, in order."""
    labels = [menus[step] for step in call.choices.get("path", []) if step in menus]
    return " → ".join(dict.fromkeys(labels))


def bars(counts: dict[str, int]) -> list[tuple[str, int, float]]:
    """(label, value, share of the largest) for a bar chart."""
    top = max(counts.values(), default=0) or 1
    return [(label, value, value / top) for label, value in counts.items()]


@bp.get("/calls")
@require(Role.STAFF)
def calls() -> ResponseReturnValue:
    menus = current_app.extensions["menu_labels"]  # the menus' own labels, from calls/
    now = utcnow()
    tz = ZoneInfo(current_app.config["TIMEZONE"])
    since = now - timedelta(days=DAYS)
    here = centre.here().id
    recent = db.session.scalars(
        select(Call)
        .where(Call.started_at >= since, Call.centre_id == here)
        .order_by(Call.started_at.desc())
    ).all()
    per_day = Counter(c.started_at.astimezone(tz).strftime("%d.%m.") for c in recent)
    days = [
        (now - timedelta(days=n)).astimezone(tz).strftime("%d.%m.") for n in range(DAYS - 1, -1, -1)
    ]
    use = Counter(step for c in recent for step in set(c.choices.get("path", [])))
    ended = Counter(c.step for c in recent if c.ended_at is not None)
    by_source = (
        select(Registration.source, func.count())
        .join(Registration.event)
        .where(Event.centre_id == here)
        .group_by(Registration.source)
    )
    sources = {row[0]: row[1] for row in db.session.execute(by_source)}
    return render_template(
        "admin/calls.html",
        log=recent[:200],
        per_day=bars({day: per_day.get(day, 0) for day in days}),
        use=bars({menus.get(k, k): v for k, v in use.most_common() if k in menus}),
        ended=bars(_merged((step_label(k, menus), v) for k, v in ended.most_common())),
        sources=bars(
            {"Telefon": sources.get("phone", 0), "Mitarbeitende": sources.get("staff", 0)}
        ),
        menus=menus,
        masked=masked,
        days=DAYS,
        way=way,
        step_label=step_label,
    )


def _merged(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Counts by label: several staff menus are one „Mitarbeiterbereich“."""
    merged: Counter[str] = Counter()
    for label, count in pairs:
        merged[label] += count
    return dict(merged.most_common())
