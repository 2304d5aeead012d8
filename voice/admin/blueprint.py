"""The admin blueprint every page module adds its views to, and what all its pages share."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app
from flask_login import current_user

from voice.admin.forms import ConfirmForm

bp = Blueprint(
    "admin", __name__, url_prefix="/admin", template_folder="templates", static_folder="static"
)


def local_zone() -> ZoneInfo:
    """The centre's time zone (dates in forms are typed in it)."""
    return ZoneInfo(current_app.config["TIMEZONE"])


@bp.app_template_filter("local")
def local_time(moment: datetime, fmt: str = "%d.%m.%Y %H:%M") -> str:
    """A UTC datetime shown in the centre's time zone."""
    return moment.astimezone(local_zone()).strftime(fmt)


@bp.app_context_processor
def admin_context() -> dict[str, object]:
    # formdata=None: the header's logout button needs only a token, never the request's form
    # (which an error page for a request too large to read must not touch).
    return {"current_user": current_user, "logout_form": ConfirmForm(formdata=None)}
