"""The flyer, as a page to print and as a PDF that renders."""

from __future__ import annotations

import subprocess
from datetime import timedelta

from voice.models import Role


def test_flyer_page_and_pdf(client, login, make_event, app, tmp_path):
    app.config["PUBLIC_PHONE_NUMBER"] = "0731 123 45 67"
    make_event(title="ErzählCafé", starts_in=timedelta(days=3), phone_code="4242")
    make_event(title="Zu spät", starts_in=timedelta(days=60))
    login(Role.VOLUNTEER)
    page = client.get("/admin/flyer").get_data(as_text=True)
    assert "0731 123 45 67" in page and "ErzählCafé" in page and "Nr. 4242" in page
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
