"""The start page links to the login; the browser phone has a way back."""

from __future__ import annotations


def test_the_start_page_leads_to_the_login(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/admin/login"' in page and "Einloggen" in page


def test_the_browser_phone_has_a_way_back(client):
    page = client.get("/simulator/").get_data(as_text=True)
    assert 'href="/admin/"' in page and "Zur Verwaltung" in page
