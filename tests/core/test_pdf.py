import io

import pytest
from pypdf import PdfReader

from logistics import pdf

pytestmark = pytest.mark.django_db


def _fonts(reader):
    names = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            names.add(str(font.get("/BaseFont")))
            for descendant in font.get("/DescendantFonts") or []:
                descriptor = descendant.get_object().get("/FontDescriptor").get_object()
                if any(
                    key in descriptor
                    for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    names.add("embedded:" + str(descriptor.get("/FontName")))
    return names


def test_pdf_has_chinese_text_and_an_embedded_cjk_font(school):
    data = pdf.render_pdf(
        "tests/print_sample.html", {"school": school, "text": "维修单 灯管更换"}
    )
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "维修单" in text and "灯管更换" in text and school.name in text
    fonts = _fonts(reader)
    assert any(name.startswith("embedded:") and "CJK" in name for name in fonts), fonts


def test_missing_cjk_font_gives_a_clear_error(monkeypatch, school):
    monkeypatch.setattr(pdf, "installed_cjk_families", lambda: ())
    with pytest.raises(pdf.CJKFontMissing, match="fonts-noto-cjk"):
        pdf.render_pdf("tests/print_sample.html", {"school": school, "text": "x"})
    response = pdf.pdf_response("tests/print_sample.html", {"school": school}, "x.pdf")
    assert response.status_code == 503 and "fonts-noto-cjk" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/secret",
        "file:///etc/passwd",
        "https://print.invalid/static/../../../../etc/passwd",
        "https://print.invalid/media/../logistics/settings.py",
    ],
)
def test_fetcher_refuses_anything_but_our_files(url):
    with pytest.raises(ValueError):
        pdf.LocalOnlyFetcher().fetch(url)


def test_fetcher_serves_our_static_files():
    response = pdf.LocalOnlyFetcher().fetch(
        "https://print.invalid/static/css/print.css"
    )
    assert b"Noto Sans CJK SC" in response.read()


def test_remote_image_in_a_template_is_not_fetched(school, monkeypatch):
    calls = []
    original = pdf.LocalOnlyFetcher.fetch

    def spy(self, url, headers=None):
        calls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.LocalOnlyFetcher, "fetch", spy)
    # In this process, where the spy can see the fetcher's calls (not in the
    # bounded child process render_pdf normally uses).
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, **bounds: pdf._write_pdf(html))
    data = pdf.render_pdf(
        "tests/print_sample.html",
        {"school": school, "text": "x", "image": "http://203.0.113.9/tracker.png"},
    )
    assert data.startswith(b"%PDF")
    assert "http://203.0.113.9/tracker.png" in calls  # asked, and refused
