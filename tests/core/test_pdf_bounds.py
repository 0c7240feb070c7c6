"""Every PDF render is bounded in time and memory: a document too large to print
answers with a clear page, and the render does not go on in the background."""

import base64
import multiprocessing
import os
import struct
import zlib

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

import pytest

from logistics import pdf

pytestmark = pytest.mark.django_db

LONG_TEXT = "教学楼三楼东侧卫生间的水龙头一直在漏水，地面积水严重。" * 200  # 5,400


def slow_html(school):
    return render_to_string(
        "tests/print_slow.html",
        {"school": school, "text": LONG_TEXT, "cjk_fonts": pdf.CJK_FONT_FAMILIES},
    )


def test_a_render_over_the_time_bound_is_stopped(school):
    with pytest.raises(pdf.DocumentTooLarge):
        pdf.html_to_pdf(slow_html(school), seconds=1)
    assert multiprocessing.active_children() == []  # nothing left rendering


def big_image_html():
    """A page with a 7,000 × 7,000 grey image: a 70 kB PNG that takes 49 MB to
    decode, in one allocation too large for memory the process already has."""
    # Noise, so the file cannot be compressed: reading it back in the child needs
    # new memory of its own size, however much free heap the child inherited.
    side = 4000
    rows = b"".join(b"\0" + os.urandom(side) for _ in range(side))
    header = struct.pack("!IIBBBBB", side, side, 8, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack("!I", len(data))
        + kind
        + data
        + struct.pack("!I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        for kind, data in (
            (b"IHDR", header),
            (b"IDAT", zlib.compress(rows, 1)),
            (b"IEND", b""),
        )
    )
    uri = "data:image/png;base64," + base64.b64encode(png).decode()
    return f'<p>大图</p><img src="{uri}" style="width: 50mm">'


def test_a_render_over_the_memory_bound_is_stopped():
    html = big_image_html()
    assert pdf.html_to_pdf(html, seconds=120, memory_mb=512).startswith(b"%PDF")
    with pytest.raises(pdf.DocumentTooLarge):
        pdf.html_to_pdf(html, seconds=120, memory_mb=4)
    assert multiprocessing.active_children() == []


def test_a_render_within_the_bounds_gives_the_pdf(school):
    html = render_to_string(
        "tests/print_sample.html", {"school": school, "text": "维修单"}
    )
    assert pdf.html_to_pdf(html, seconds=60, memory_mb=1024).startswith(b"%PDF")


def test_an_error_in_the_render_is_an_error_not_too_large(school, monkeypatch):
    def broken(html):
        raise ValueError("broken layout")

    monkeypatch.setattr(pdf, "_write_pdf", broken)
    with pytest.raises(pdf.RenderFailed, match="broken layout"):
        pdf.html_to_pdf("<p>x</p>", seconds=60)


def test_the_user_reads_that_the_document_is_too_large(
    client_for, people, school, location, settings
):
    from repairs import services

    repair = services.repair_request_create(
        location=location,
        category="lighting",
        description=LONG_TEXT[:1500],  # within the field's limit
        urgency="normal",
        by=people["staff"],
    )
    settings.PDF_RENDER_SECONDS = 0  # every document is over this bound
    client = client_for(people["staff"])
    with translation.override("zh-hans"):
        response = client.get(
            reverse("repairs:work-order", args=[repair.pk]),
            HTTP_ACCEPT_LANGUAGE="zh-hans",
            HTTP_REFERER=f"http://testserver{repair.get_absolute_url()}",
        )
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "文档太大，无法打印" in html
    assert f'href="http://testserver{repair.get_absolute_url()}"' in html  # back


def test_a_foreign_referer_is_not_the_way_back(rf, people):
    request = rf.get("/x", HTTP_REFERER="https://evil.example/")
    request.user = people["staff"]
    response = pdf.too_large_response(request)
    assert b"evil.example" not in response.content
