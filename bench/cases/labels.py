"""Label sheets against plain text pages: a page of labels (QR codes, small text
placed on a grid) must cost at most 1.5× an A4 page of plain paragraphs made the
same way (a template rendered to PDF by logistics/pdf.py, in its child process).
"""

import io
import random

from django.template import engines

from pypdf import PdfReader

from bench.harness import FLAT, ROWS, BenchError, case
from logistics import pdf

# Sentences of an ordinary document. Every paragraph is a different mix of them:
# WeasyPrint caches the layout of a repeated paragraph, which would make a page of
# plain text look cheaper than any real one. PARAGRAPHS_PER_PAGE of them fill one
# A4 page of print/base.html with its header and footer.
SENTENCES = [
    "教学楼三楼东侧卫生间的水龙头一直在漏水，地面积水严重，学生容易滑倒。",
    "请尽快派人维修，维修完成后请在维修单上签字确认，并由后勤处存档备查。",
    "本学期共完成报修三百二十件，其中照明和给排水类占一半以上。",
    "新购置的交互式电子白板已安装到初一年级各班，请班主任妥善保管。",
    "期末盘点时发现两台投影仪不在登记的教室，已调拨到格物楼计算机教室。",
    "学生宿舍热水器每周检查一次，发现异常请立即联系值班人员。",
    "运动场塑胶跑道局部起皮，雨天请勿在该区域进行体育活动。",
    "图书馆新到图书一千二百册，已完成编目并按分类上架。",
]
PARAGRAPHS_PER_PAGE = 11
LABEL_PAGES = 10


def plain_pages_html(pages):
    """``pages`` full A4 pages of plain paragraphs, as print/base.html lays them out
    (each page as full as the first, which also holds the heading)."""
    template = engines["django"].from_string(
        '{% extends "print/base.html" %}{% block heading %}维修须知{% endblock %}'
        "{% block content %}{% for page in pages %}"
        '<div{% if not forloop.last %} style="break-after: page"{% endif %}>'
        "{% for p in page %}<p>{{ p }}</p>{% endfor %}</div>"
        "{% endfor %}{% endblock %}"
    )
    rng = random.Random(pages)
    return template.render(
        {
            "school": {"name": "南山实验学校"},
            "pages": [
                ["".join(rng.sample(SENTENCES, 4)) for _ in range(PARAGRAPHS_PER_PAGE)]
                for _ in range(pages)
            ],
        }
    )


def page_count(data):
    return len(PdfReader(io.BytesIO(data)).pages)


def plain_baseline(bench, pages):
    html = plain_pages_html(pages)
    made = page_count(pdf.html_to_pdf(html))
    if made != pages:
        raise BenchError(f"the plain text baseline has {made} pages, not {pages}")
    label = "plain text, one A4 page" if pages == 1 else f"plain text, {pages} A4 pages"
    return bench.timed(label, lambda: pdf.html_to_pdf(html), expect=FLAT)


def pdf_pages_of(bench, url):
    response = bench.client.get(url)
    if response.status_code != 200 or response["Content-Type"] != "application/pdf":
        raise BenchError(f"GET {url} answered {response.status_code}, not a PDF")
    return page_count(response.content)


@case("assets.labels", user="head", app="assets")
def asset_labels(bench):
    from assets.models import Asset  # inside: the module loads without the app

    ids = list(
        Asset.objects.for_school(bench.school)
        .order_by("number")
        .values_list("pk", flat=True)[: 24 * LABEL_PAGES]
    )
    if len(ids) < 24 * LABEL_PAGES:
        raise BenchError("the seeder made fewer than 240 assets")
    one_page = "/assets/labels.pdf?layout=3x8&" + "&".join(f"ids={i}" for i in ids[:24])
    many = "/assets/labels.pdf?layout=3x8&" + "&".join(f"ids={i}" for i in ids)
    if pdf_pages_of(bench, one_page) != 1 or pdf_pages_of(bench, many) != LABEL_PAGES:
        raise BenchError("the label sheets do not have the pages the case expects")
    plain = plain_baseline(bench, 1)
    yield plain
    yield bench.page("24 labels (3×8), one page", one_page, baseline=plain)
    plain_many = plain_baseline(bench, LABEL_PAGES)
    yield plain_many
    yield bench.page(
        f"{24 * LABEL_PAGES} labels (3×8), {LABEL_PAGES} pages",
        many,
        expect=FLAT,
        baseline=plain_many,
    )


@case("repairs.qr_sheet", user="head", app="repairs")
def room_qr_sheet(bench):
    from logistics.models import Building

    building = Building.objects.for_school(bench.school).order_by("code").first()
    if building is None:
        raise BenchError("the demo school has no building")
    url = f"/repairs/qr-sheet/?building={building.pk}"
    pages = pdf_pages_of(bench, url)
    plain = plain_baseline(bench, pages)
    yield plain
    yield bench.page(
        f"room QR codes of {building.name}, {pages} pages",
        url,
        expect=ROWS,
        baseline=plain,
    )
