"""The flyer, as a page to print and as a PDF that renders."""

from __future__ import annotations

import subprocess
from datetime import timedelta

from tests.centres import default_centre
from voice.models import Role


def test_flyer_page_and_pdf(client, login, make_event, app, tmp_path, session):
    default_centre(session, public_number="0731 123 45 67")
    make_event(title="ErzählCafé", starts_in=timedelta(days=3), phone_code="4242")
    make_event(title="Zu spät", starts_in=timedelta(days=60))
    login(Role.VOLUNTEER)
    page = client.get("/admin/flyer").get_data(as_text=True)
    assert "0731 123 45 67" in page and "ErzählCafé" in page and "Nr.&nbsp;4242" in page
    assert "Zu spät" not in page
    pdf = client.get("/admin/flyer.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    path = tmp_path / "flyer.pdf"
    path.write_bytes(pdf.data)
    read = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    text = read.stdout
    assert "0731 123 45 67" in text and "ErzählCafé" in text and "Taste 3" in text
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 1000  # it renders as a page


def _pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text as pdftotext reads it, a no-break space as a space."""
    path = tmp_path / "flyer.pdf"
    path.write_bytes(pdf)
    read = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return read.stdout.replace("\u00a0", " ")


def test_an_event_number_is_never_split_across_lines(client, login, make_event, tmp_path):
    # Titles one letter longer each (30 of them; the flyer lists up to 40): some line ends
    # right where "(Nr. 5000)" is, whatever the date's length (in a failed run, a Monday's long
    # "Pazartesi" ended a Turkish line after "No.").
    codes = [
        make_event(title="Lesekreis " + "e" * length, starts_in=timedelta(days=3)).phone_code
        for length in range(30)
    ]
    login(Role.VOLUNTEER)
    text = _pdf_text(client.get("/admin/flyer.pdf").data, tmp_path)
    assert [code for code in codes if f"(Nr. {code})" not in text] == []
    page = client.get("/admin/flyer").get_data(as_text=True)
    assert all(f"(Nr.&nbsp;{code})" in page for code in codes)


def test_the_flyer_in_each_language(client, login, make_event, app, tmp_path, session):
    default_centre(session, public_number="0731 123 45 67")
    make_event(
        title="Spieleabend",
        starts_in=timedelta(days=3),
        phone_code="4242",
        translations={"tr": {"title": "Oyun akşamı, İlkbahar şenliği", "description": ""}},
    )
    make_event(title="ErzählCafé", starts_in=timedelta(days=4), phone_code="4343")
    login(Role.VOLUNTEER)
    page = client.get("/admin/flyer").get_data(as_text=True)
    assert '<html lang="de">' in page and "Das Quartierstelefon" in page
    assert 'href="/admin/flyer?sprache=tr" lang="tr">Türkçe</a>' in page
    assert "Sprachen am Telefon: Deutsch, English (Taste 7), Türkçe (Taste 6)" in page

    turkish = client.get("/admin/flyer?sprache=tr").get_data(as_text=True)
    assert '<html lang="tr">' in turkish and "<h1>Mahalle Telefonu</h1>" in turkish
    assert "Etkinlikleri dinleyin ve kaydolun" in turkish and "Was demnächst" not in turkish
    assert "<strong>Oyun akşamı, İlkbahar şenliği</strong> (No.&nbsp;4242)" in turkish
    assert "<strong>ErzählCafé</strong> (No.&nbsp;4343)" in turkish  # no Turkish title typed
    assert 'href="/admin/flyer.pdf?sprache=tr"' in turkish

    english = client.get("/admin/flyer?sprache=en").get_data(as_text=True)
    assert "What&#39;s coming up" in english and "Spieleabend</strong> (No.&nbsp;4242)" in english

    pdf = client.get("/admin/flyer.pdf?sprache=tr")
    assert 'filename="quartierstelefon-flyer-tr.pdf"' in pdf.headers["Content-Disposition"]
    text = " ".join(_pdf_text(pdf.data, tmp_path).split())  # where lines break: the test above
    for sentence in (
        "Mahalle Telefonu",
        "Tuş 3:",
        "Şimdi bir etkinliğe katılın",
        "Oyun akşamı, İlkbahar şenliği (No. 4242)",
        "Her yerde: 9 = tekrar dinleyin, yıldız = geri dönün.",
        "Türkçe",
    ):
        assert sentence in text, sentence
    assert "?" not in text  # no letter was replaced


def test_the_flyer_prints_dates_in_each_language():
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from voice.admin.flyer import _when

    moment, ulm = datetime(2026, 11, 26, 14, 0, tzinfo=UTC), ZoneInfo("Europe/Berlin")
    # as the phone says them, from each catalogue's [dates]: a new language needs no code
    assert _when(moment, moment, ulm, "en") == "Thursday 26 November at 3 pm"
    assert _when(moment, moment, ulm, "tr") == "26 Kasım Perşembe, saat 15.00"
    assert _when(moment, moment, ulm, "de") == "Donnerstag, den 26. November, um 15 Uhr"


def test_the_flyer_names_the_key_of_each_language_in_its_own_words(client, login):
    login()
    turkish = client.get("/admin/flyer?sprache=tr").get_data(as_text=True)
    assert "Deutsch, English (Tuş 7), Türkçe (Tuş 6)" in turkish
