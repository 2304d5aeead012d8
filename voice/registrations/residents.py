"""Who is calling: numbers normalised to E.164, residents found or created by number."""

from __future__ import annotations

import phonenumbers
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from voice.models import Resident

# What Twilio puts in `From` when the caller withholds their number (Twilio's documented
# placeholders for anonymous, restricted, unavailable and blocked caller IDs).
WITHHELD = {
    "anonymous",
    "restricted",
    "unknown",
    "unavailable",
    "private",
    "+266696687",
    "+86282452253",
    "+8656696687",
    "+7378742833",
    "+2562533",
}


def masked(phone: str) -> str:
    """'+49 731 ***4567': enough to tell people apart, not enough to call them."""
    return f"{phone[:3]} {phone[3:6]} ***{phone[-4:]}" if len(phone) > 8 else "***"


def readable(phone: str, region: str) -> str | None:
    """For staff who call back: '0731 5551234' in the centre's own country, '+43 1 234567'
    abroad; None when it is not a phone number (a withheld caller, a browser phone)."""
    try:
        number = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    home = phonenumbers.region_code_for_number(number) == region
    style = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(number, style.NATIONAL if home else style.INTERNATIONAL)


def normalise(raw: str | None, region: str) -> str | None:
    """The caller's number in E.164, or None when it is withheld or not a phone number."""
    if not raw or raw.strip().lower() in WITHHELD or raw.startswith(("client:", "sip:")):
        return None
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# Built once: every greeting runs it.
_BY_PHONE = select(Resident).where(Resident.phone == bindparam("phone"))


def find(session: Session, phone: str | None) -> Resident | None:
    """The resident with this E.164 number, if we know them."""
    if phone is None:
        return None
    return session.scalar(_BY_PHONE, {"phone": phone})


def find_or_create(session: Session, phone: str, language: str) -> Resident:
    """The resident with this number, created on first contact, speaking `language` on the
    phone (the language their call chose; staff registering someone: the service's own)."""
    resident = find(session, phone)
    if resident is None:
        resident = Resident(phone=phone, language=language)
        session.add(resident)
        session.flush()
    return resident
