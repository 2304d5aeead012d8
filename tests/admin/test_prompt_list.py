"""The „Ansagen“ page: grouped by where the caller hears a prompt, the sentence as its title
with „[Name]“ for placeholders, the technical id in small print, and a search."""

from __future__ import annotations

import re

from tests.accounts import csrf_token, log_in_browser, staff_account
from tests.browser import chromium_page


def test_prompts_are_grouped_by_where_the_caller_hears_them(client, login):
    login()
    page = client.get("/admin/prompts").get_data(as_text=True)
    places = re.findall(r"<summary><h2>([^<]+) <small>", page)
    assert places[:3] == ["Begrüßung", "Hauptmenü", "Taste 1: Veranstaltungen"]
    assert "Mitarbeiterbereich am Telefon" in places
    welcome = page[page.index('id="greeting.welcome_named"') :]
    assert welcome.startswith('id="greeting.welcome_named"')
    assert '<h3 class="sentence">Guten Tag, [Name]! Hier ist' in welcome
    assert '<span class="technical">greeting.welcome_named</span>' in welcome
    assert "{name}" not in page and "{title}" not in page
    assert "|" not in re.sub(r"<[^>]+>", "", page)  # the pause marks are left out


def test_the_search_works_on_the_server_too(client, login):
    login()
    page = client.get("/admin/prompts?suche=Warteliste Platz").get_data(as_text=True)
    assert re.search(r"\d+ von \d+ Ansagen gefunden\.", page)
    sentences = re.findall(r'<h3 class="sentence">([^<]+)</h3>', page)
    assert sentences and all("warteliste" in s.lower() and "platz" in s.lower() for s in sentences)
    nothing = client.get("/admin/prompts?suche=Zebra").get_data(as_text=True)
    assert "Keine Ansage enthält „Zebra“." in nothing


def test_a_flash_names_the_prompt_by_its_sentence(client, login):
    login()
    answer = client.post(
        "/admin/prompts/keys.goodbye/rebuild",
        data={"csrf_token": csrf_token(client, "/admin/prompts")},
    )
    page = client.get(answer.location).get_data(as_text=True)
    assert "„Vielen Dank für Ihren Anruf. Auf Wiederhören!“ wird neu erstellt" in page


def test_in_the_browser_search_opens_the_places_that_match(live_app, live_server):
    from playwright.sync_api import expect

    staff_account(live_app, "team@quartier.example.org")
    with chromium_page(viewport={"width": 1024, "height": 600}) as page:
        log_in_browser(page, live_server, "team@quartier.example.org")
        page.goto(f"{live_server}/admin/prompts")
        expect(page).to_have_title("Ansagen – Verwaltung")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1024  # nothing cut off
        assert page.evaluate("document.documentElement.scrollHeight") < 3000  # places folded
        page.locator("#suche").press_sequentially("Warteliste")
        expect(page.locator("#search-count")).to_contain_text("Ansagen gefunden.")
        visible = page.locator("li[data-search-text]:visible")
        expect(visible.first).to_be_visible()
        for text in visible.all_inner_texts():
            assert "warteliste" in text.lower()
        expect(page.locator("details.group[open]").first).to_be_visible()
        expect(page.locator("details.group", has_text="Begrüßung")).to_be_hidden()
        page.locator("#suche").fill("")
        page.locator("#suche").dispatch_event("input")
        expect(page.locator("details.group", has_text="Begrüßung")).to_be_visible()


def test_every_language_is_shown_and_searched(client, login):
    login()
    page = client.get("/admin/prompts").get_data(as_text=True)
    assert 'aria-current="page" lang="de">Deutsch</strong>' in page
    assert 'href="/admin/prompts?sprache=en" lang="en">English</a>' in page
    assert 'href="/admin/prompts?sprache=tr" lang="tr">Türkçe</a>' in page
    goodbye = page.split('id="keys.goodbye"')[1].split("</li>")[0]
    assert '<h3 class="sentence">Vielen Dank für Ihren Anruf. Auf Wiederhören!</h3>' in goodbye
    assert '<dt lang="en">English</dt><dd lang="en">Thank you for calling. Goodbye!</dd>' in goodbye
    found = client.get("/admin/prompts?suche=goodbye").get_data(as_text=True)  # English words
    sentences = re.findall(r'<h3 class="sentence">([^<]+)</h3>', found)
    assert "Vielen Dank für Ihren Anruf. Auf Wiederhören!" in sentences
    turkish = client.get("/admin/prompts?sprache=tr&suche=Wiederhören").get_data(as_text=True)
    assert 'name="sprache" value="tr"' in turkish  # the search stays in the language
    assert re.findall(r'<h3 class="sentence" lang="tr">([^<]+)</h3>', turkish)
    assert '<dt lang="de">Deutsch</dt>' in turkish


def test_in_the_browser_words_of_any_language_are_found_and_shown(live_app, live_server):
    from playwright.sync_api import expect

    staff_account(live_app, "team@quartier.example.org")
    with chromium_page(viewport={"width": 1024, "height": 600}) as page:
        log_in_browser(page, live_server, "team@quartier.example.org")
        page.goto(f"{live_server}/admin/prompts")
        page.locator("#suche").press_sequentially("thank you for calling")
        goodbye = page.locator("li[id='keys.goodbye']")
        expect(goodbye).to_be_visible()
        expect(goodbye.locator("h3")).to_have_text("Vielen Dank für Ihren Anruf. Auf Wiederhören!")
        expect(goodbye.locator("dd[lang=en]")).to_have_text("Thank you for calling. Goodbye!")
        page.click("nav.languages a:has-text('English')")
        expect(page).to_have_url(f"{live_server}/admin/prompts?sprache=en")
        heading = page.locator("li[id='keys.goodbye'] h3")
        expect(heading).to_have_text("Thank you for calling. Goodbye!")
        expect(heading).to_have_attribute("lang", "en")


def test_a_prompt_with_plural_forms_shows_each_form(client, login):
    login()
    page = client.get("/admin/prompts?q=Platz").get_data(as_text=True)
    assert "Es ist noch ein Platz frei. / Es sind noch [Anzahl] Plätze frei." in page
