"""`/health` for monitoring (and whoever polls it): is the database there, and how did each
background worker last fare. Cheap: one `SELECT 1` and one small table, no secrets."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import literal, select
from sqlalchemy.exc import SQLAlchemyError

from voice.models import WorkerStatus
from voice.workers import statuses

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)


@bp.get("/health")
def health() -> tuple[Response, int]:
    """200 with the workers' state when the database answers, else 503; JSON either way."""
    report, ok = check()
    report["ffmpeg"] = current_app.extensions["ffmpeg"]
    return jsonify(report), 200 if ok else 503


def check() -> tuple[dict[str, object], bool]:
    """The report and whether all is well."""
    with current_app.extensions["db"]() as session:
        try:
            session.execute(select(literal(1)))
        except SQLAlchemyError:
            log.error("health: the database does not answer", exc_info=True)
            return {"status": "error", "database": "unreachable"}, False
        try:
            workers = {row.name: describe(row) for row in statuses(session)}
        except SQLAlchemyError:  # most likely `init-db` was not run after an update
            log.error("health: the worker status cannot be read", exc_info=True)
            return {"status": "error", "database": "error"}, False
    return {"status": "ok", "database": "ok", "workers": workers}, True


def describe(row: WorkerStatus) -> dict[str, object]:
    """One worker: when it last succeeded and failed; only the kind of error, whose text may
    hold personal data (SQL parameters, phone numbers)."""
    return {
        "last_ok_at": _iso(row.last_ok_at),
        "last_error_at": _iso(row.last_error_at),
        "last_error": row.last_error.split(":", 1)[0] if row.last_error else None,
        "failures_in_a_row": row.failures,
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
