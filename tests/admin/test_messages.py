"""Nachrichten: a message left by phone shows on the page and is marked done."""

from __future__ import annotations

from sqlalchemy import select

from tests.accounts import csrf_token
from voice.models import Message


def test_a_message_left_by_phone_appears_and_is_marked_done(
    client, login, session, phone, make_resident
):
    make_resident(name="Frau Keller")
    phone.call()
    phone.press("5")
    phone.record()
    phone.press("1")
    login()
    page = client.get("/admin/messages").get_data(as_text=True)
    assert (
        "Frau Keller" in page
        and '<a href="tel:+497311234567" class="phone">0731 1234567</a>' in page
    )
    [message] = session.scalars(select(Message)).all()
    token = csrf_token(client, "/admin/messages")
    client.post(
        f"/admin/messages/{message.id}",
        data={"csrf_token": token, "handled_by": "Anna", "done": "y"},
    )
    session.refresh(message)
    assert message.handled_by == "Anna" and message.done_at is not None
