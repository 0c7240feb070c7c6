"""Asset label sheets as a phone reads them: every code decodes, is square and
leads to the right page."""

import io
import re
from urllib.parse import urlsplit

from django.urls import reverse

import pytest
from pypdf import PdfReader

from tests.qr_codes import is_square, qr_codes_in_pdf

from .factories import AssetFactory

pytestmark = pytest.mark.django_db


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.parametrize("layout", ["3x8", "2x7", "4x10"])
def test_every_label_code_decodes_square_to_its_asset_page(
    client_for, people, ledger, layout
):
    client = client_for(people["logistics_head"])
    assets = list(ledger["assets"].values())
    response = client.get(
        reverse("assets:labels"), {"layout": layout, "ids": [a.pk for a in assets]}
    )
    assert response.status_code == 200
    codes = qr_codes_in_pdf(response.content)
    texts = [text for _page, text, _position in codes]
    for asset in assets:
        assert f"http://testserver{asset.get_absolute_url()}" in texts, (asset, texts)
    assert all(is_square(position) for _page, _text, position in codes), codes
    for _page, text, _position in codes:
        if "/repairs/" in text:
            continue
        page = client.get(path_of(text))
        assert page.status_code == 200
        number = next(a.number for a in assets if a.get_absolute_url() in text)
        assert number in page.content.decode()


def test_the_second_code_files_a_repair_for_that_asset_in_its_room(
    client_for, people, ledger
):
    client = client_for(people["logistics_head"])
    pc = ledger["assets"]["pc1"]
    response = client.get(reverse("assets:labels"), {"layout": "3x8", "ids": [pc.pk]})
    texts = [text for _page, text, _position in qr_codes_in_pdf(response.content)]
    fault = [text for text in texts if "/repairs/" in text]
    assert fault == [
        f"http://testserver/repairs/report/{pc.location.code}/?asset={pc.number}"
    ]
    form = client.get(path_of(fault[0]), follow=True)
    assert form.status_code == 200
    html = form.content.decode()
    assert pc.number in html and pc.location.code in html


def test_a_full_page_of_labels_has_cut_lines_and_all_its_codes(
    client_for, people, school
):
    assets = AssetFactory.create_batch(24, school=school)
    response = client_for(people["logistics_head"]).get(
        reverse("assets:labels"), {"layout": "3x8", "ids": [a.pk for a in assets]}
    )
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    codes = qr_codes_in_pdf(response.content)
    asset_pages = {text for _page, text, _position in codes if "/assets/" in text}
    assert asset_pages == {f"http://testserver{a.get_absolute_url()}" for a in assets}
    # The dashed outline of each label: a dash pattern ("[on off] phase d") set
    # in the page's drawing.
    content = PdfReader(io.BytesIO(response.content)).pages[0].get_contents()
    assert re.search(rb"\[[\d.]+ [\d.]+\] [\d.]+ d", content.get_data())
