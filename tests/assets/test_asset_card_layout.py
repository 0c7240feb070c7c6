"""The asset card as printed: its notes as a paragraph, and each empty section says
so instead of printing an empty table."""

import io
import re

from django.urls import reverse

import pytest
from pypdf import PdfReader

from .factories import AssetFactory

pytestmark = pytest.mark.django_db


def card_text(client, asset):
    response = client.get(reverse("assets:card-pdf", args=[asset.pk]))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    pages = [page.extract_text() for page in reader.pages]  # less "1 / 2" numbers
    return "".join(re.sub(r"\n?\d+ / \d+$", "", page) for page in pages)


def test_empty_sections_say_so(client_for, people, school, location):
    asset = AssetFactory(school=school, location=location, notes="")
    asset.history.all().delete()
    text = card_text(client_for(people["accountant"]), asset)
    assert "无备注。" in text
    assert "暂无调拨记录。" in text
    assert "暂无变更记录。" in text


def test_long_notes_print_whole(client_for, people, school, location):
    sentence = "本设备为学校多媒体教室统一采购，保修期内如有故障请联系供应商。"
    asset = AssetFactory(school=school, location=location, notes=sentence * 70)
    text = card_text(client_for(people["accountant"]), asset).replace("\n", "")
    assert text.count(sentence) == 70 and "无备注。" not in text
