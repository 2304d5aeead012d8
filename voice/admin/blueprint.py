"""The admin blueprint every page module adds its views to, and what all its pages share."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app
from flask_login import current_user
from markupsafe import Markup

from voice.admin import centre
from voice.admin.forms import ConfirmForm
from voice.models import Role
from voice.registrations.residents import masked, normalise, readable

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
    shared: dict[str, object] = {
        "current_user": current_user,
        "logout_form": ConfirmForm(formdata=None),
        "may": centre.may,
    }
    if current_user.is_authenticated:
        shared |= {"centre": centre.current(), "centres": centre.open_to_me()}
    return shared


@bp.app_template_global()
def phone(number: str) -> Markup:
    """A resident's number where staff act on it (a message, the resident, a registration):
    in full as a tel: link for staff, who call back; masked for volunteers (DSGVO: they
    register people, they do not call them)."""
    if current_user.is_authenticated and centre.may(Role.STAFF):
        region = current_app.config["PHONE_REGION"]
        e164, text = normalise(number, region), readable(number, region)
        if e164 is None or text is None:
            return Markup("keine Nummer übermittelt")
        return Markup('<a href="tel:{}" class="phone">{}</a>').format(e164, text)
    return Markup.escape(masked(number))
