"""A label sheet is drawn with a few boxes per page, whatever the number of labels
on it (what keeps ten pages of labels near the cost of ten pages of text), and
no label's text reaches into the next label."""

import io

from django.urls import reverse

import pytest
from lxml import html
from pypdf import PdfReader

from assets.choices import LABEL_SHEETS
from logistics.labels import fit_lines, text_width

from .factories import AssetFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("layout", ["3x8", "2x7", "4x10"])
def test_a_full_page_is_a_few_boxes_not_five_per_label(
    client_for, people, school, layout
):
    sheet = LABEL_SHEETS[layout]
    assets = AssetFactory.create_batch(sheet.layout.per_page, school=school)
    view = client_for(people["logistics_head"])
    from assets.views import LabelsView

    request = view.get(reverse("assets:list")).wsgi_request
    labels = LabelsView(request=request, kwargs={})
    labels.setup(request)
    request.GET = request.GET.copy()
    request.GET.setlist("ids", [str(a.pk) for a in assets])
    request.GET["layout"] = layout
    context = labels.sheet_context(request.build_absolute_uri)
    from django.template.loader import render_to_string

    page = html.fromstring(render_to_string("assets/print/labels.html", context))
    sheets = page.xpath("//div[contains(@class, 'sheet')]")
    assert len(sheets) == 1
    boxes = sheets[0].xpath(".//*")
    columns, rows = sheet.layout.columns, sheet.layout.rows
    # One image per column and kind of code, the cut lines, one or two blocks of
    # text per row of labels.
    assert len(boxes) <= 2 * columns + 1 + 2 * rows, len(boxes)


@pytest.mark.parametrize(
    "text",
    [
        "台式计算机（教师机）联想 ThinkCentre M720 超长的名字再长一点还要更长",
        "x" * 300,
        "南山实验学校 2024-01-02",
        "Ｗ" * 50,
    ],
)
def test_lines_fit_the_labels_text_box(text):
    lines = fit_lines(text, width=32, font_pt=8, lines=2)
    assert 1 <= len(lines) <= 2
    assert all(text_width(line, 8) <= 32 for line in lines)
    assert "".join(lines).replace("…", "").replace(" ", "") in text.replace(" ", "")


def test_a_long_name_is_cut_with_an_ellipsis_on_the_sheet(client_for, people, school):
    asset = AssetFactory(school=school, name="多媒体教学一体机" * 8)
    response = client_for(people["logistics_head"]).get(
        reverse("assets:labels"), {"layout": "3x8", "ids": [asset.pk]}
    )
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert asset.number in text and "…" in text
