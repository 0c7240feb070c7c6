"""The work order (维修单) as printed: free text as paragraphs, a box to write the
work in by hand, blanks (not 0) for what is not done yet, no empty column."""

import io
import re

from django.template.loader import render_to_string
from django.urls import reverse

import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from repairs import services

pytestmark = pytest.mark.django_db

# As long as a description may be (2,000 characters): 58 sentences of 34.
LONG = "教学楼三楼东侧卫生间的水龙头一直在漏水，地面积水严重，学生容易滑倒。" * 58


def pdf_of(client, repair):
    response = client.get(reverse("repairs:work-order", args=[repair.pk]))
    assert response.status_code == 200
    return PdfReader(io.BytesIO(response.content))


def text_of(reader):
    """The text of every page, without the page numbers ("1 / 2") between them."""
    pages = [page.extract_text() for page in reader.pages]
    return "".join(re.sub(r"\n?\d+ / \d+$", "", page) for page in pages)


def heights(reader, first, then):
    """Vertical distance in mm from the line starting with ``first`` to the one
    starting with ``then`` on the first page."""
    found = {}

    def visit(text, cm, tm, _font, _size):
        for label in (first, then):
            if text.strip().startswith(label) and label not in found:
                found[label] = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]  # points

    reader.pages[0].extract_text(visitor_text=visit)
    return abs(found[first] - found[then]) * 25.4 / 72


def test_undone_work_prints_blanks_and_a_box_to_write_in(client_for, assigned, staff):
    reader = pdf_of(client_for(staff), assigned)
    text = text_of(reader)
    assert "维修内容" in text and "工时" in text and "费用" in text
    assert "0 小时" not in text and "¥0.00" not in text
    # The box between "work done" and the next section holds five lines of writing.
    assert heights(reader, "维修内容", "所用配件") >= 45


def test_recorded_work_prints_its_values(client_for, done, staff):
    text = text_of(pdf_of(client_for(staff), done))
    assert "更换灯管两根" in text and "1.5 小时" in text and "¥30.00" in text


def test_an_asset_number_row_only_when_there_is_one(client_for, filed, staff):
    text = text_of(pdf_of(client_for(staff), filed))
    assert "资产编号" not in text
    filed.asset_number = "NSSY-2024-00001"
    filed.save()
    text = text_of(pdf_of(client_for(staff), filed))
    assert "资产编号" in text and "NSSY-2024-00001" in text


def test_history_prints_one_line_per_change_without_an_empty_comment_column(
    client_for, assigned, staff
):
    text = text_of(pdf_of(client_for(staff), assigned))
    history = text[text.index("处理记录") :]
    lines = [line for line in history.splitlines()[1:] if line.strip()][:2]
    assert "待派单" in lines[0] and "已派单" in lines[1]


def test_a_long_description_prints_whole(client_for, staff, location):
    repair = services.repair_request_create(
        location=location,
        category="lighting",
        description=LONG,
        urgency="normal",
        by=staff,
    )
    text = text_of(pdf_of(client_for(staff), repair))
    sentence = "教学楼三楼东侧卫生间的水龙头一直在漏水，地面积水严重，学生容易滑倒。"
    assert text.replace("\n", "").count(sentence) == 58


@pytest.mark.parametrize(
    "template",
    ["repairs/print/work_order.html", "assets/print/asset_card.html"],
)
def test_long_free_text_is_a_paragraph_never_a_table_cell(
    template, done, school, location
):
    from assets.models import Asset
    from tests.assets.factories import AssetFactory

    done.description = done.work_done = done.feedback = LONG
    done.rating = 4
    asset = AssetFactory(school=school, location=location, notes=LONG)
    context = (
        done.print_context()
        if template.startswith("repairs")
        else Asset.objects.get(pk=asset.pk).print_context()
    )
    page = lxml_html.fromstring(
        render_to_string(template, {"school": school, **context})
    )
    cells = [cell.text_content() for cell in page.iter("td", "th")]
    assert not any(LONG[:100] in cell for cell in cells)
    paragraphs = [p.text_content() for p in page.iter("p")]
    assert any(LONG[:100] in p for p in paragraphs)


def test_no_table_of_the_work_order_has_an_empty_column(filed, school):
    page = lxml_html.fromstring(
        render_to_string(
            "repairs/print/work_order.html",
            {"school": school, **filed.print_context()},
        )
    )
    for table in page.iter("table"):
        if "signatures" in (table.get("class") or ""):
            continue  # lines to sign on, with gaps between them
        rows = [
            [cell.text_content().strip() for cell in row.iter("td", "th")]
            for row in table.iter("tr")
        ]
        for column in range(max(len(row) for row in rows)):
            assert any(row[column : column + 1] != [""] for row in rows), rows
