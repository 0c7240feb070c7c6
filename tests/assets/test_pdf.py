"""Printed documents: the asset card and label sheets, with Chinese text and QR codes."""

import io

from django.urls import reverse

import pytest
from pypdf import PdfReader

from .factories import AssetFactory

pytestmark = pytest.mark.django_db


def fonts(reader):
    names = set()
    for page in reader.pages:
        for font in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts") or []:
                descriptor = descendant.get_object().get("/FontDescriptor").get_object()
                if any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    names.add(str(descriptor.get("/FontName")))
    return names


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    assert any("CJK" in name for name in fonts(reader)), fonts(reader)
    return "".join(page.extract_text() for page in reader.pages)


def test_asset_card_pdf(client_for, people, ledger):
    pc = ledger["assets"]["pc1"]
    response = client_for(people["accountant"]).get(
        reverse("assets:card-pdf", args=[pc.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "固定资产卡片" in text and pc.number in text and "台式计算机" in text
    assert "南山实验学校" in text


def test_labels_for_the_filtered_list(client_for, people, ledger):
    response = client_for(people["logistics_head"]).get(
        reverse("assets:labels"), {"location": ledger["room"].code, "layout": "2x7"}
    )
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert (
        ledger["assets"]["pc1"].number in text
        and ledger["assets"]["pc2"].number in text
    )
    assert ledger["assets"]["projector"].number not in text
    assert len(reader.pages) == 1


def test_label_sheet_paginates(client_for, people, school):
    AssetFactory.create_batch(25, school=school)
    response = client_for(people["logistics_head"]).get(
        reverse("assets:labels"), {"layout": "3x8"}
    )
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2


def test_label_qr_codes_point_at_the_asset_and_the_fault_form(rf, ledger):
    import segno

    pc = ledger["assets"]["pc1"]
    from assets.views import report_url

    assert report_url(pc) == f"/repairs/report/{pc.location.code}/?asset={pc.number}"
    # The same call the view makes: a QR code that segno can build for the page.
    assert (
        segno.make(f"http://testserver{pc.get_absolute_url()}")
        .svg_data_uri()
        .startswith("data:image/svg+xml")
    )


def test_without_the_repairs_app_the_card_offers_no_fault_form(ledger, monkeypatch):
    """The asset card finds the repairs filing page through the core registry; with
    repairs not installed it offers none instead of failing."""
    from assets.views import report_url
    from logistics.registry import registry

    monkeypatch.delitem(registry.services, "repairs.report_url")
    assert report_url(ledger["assets"]["pc1"]) == ""
