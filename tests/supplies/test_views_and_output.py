"""The warehouse's pages, exports read back and PDFs with a CJK font."""

import io
from decimal import Decimal

from django.urls import reverse

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from logistics.models import SchoolClass
from logistics.registry import registry
from supplies import services_docs as docs
from supplies.models import Item, StockMovement

from ..factories import LocationFactory
from .factories import stocked

pytestmark = pytest.mark.django_db
D = Decimal


def pdf_text_and_fonts(data):
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        for font in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts") or []:
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None:
                    fonts.add(str(descriptor.get_object().get("/FontName")))
    return text, fonts


def workbook(response):
    data = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(data)).active


@pytest.fixture
def pens(school, keeper):
    return stocked(
        school,
        keeper,
        quantity=100,
        unit_cost="1.50",
        name="中性笔",
        reorder_level=D(20),
    )


def test_stock_list_and_item_page(client_for, staff, pens):
    client = client_for(staff)
    page = client.get(reverse("supplies:item-list"))
    assert page.status_code == 200 and "中性笔" in page.content.decode()
    page = client.get(pens.get_absolute_url())
    assert page.status_code == 200


def test_stock_list_queries_do_not_grow_with_items(
    client_for, keeper, school, django_assert_max_num_queries
):
    """Each item kept in a room of its own building: the room's name shows its
    building's, read with the rows (it was one query a row)."""
    client = client_for(keeper)

    def kept(name):
        place = LocationFactory(building__campus__school=school)
        stocked(school, keeper, quantity=1, name=name, place=place)
        return place

    places = [kept(f"物品{n}") for n in range(3)]
    with django_assert_max_num_queries(20) as few:
        page = client.get(reverse("supplies:item-list")).content.decode()
    assert all(f"{p.building.name} {p.name}" in page for p in places)
    for n in range(30):
        kept(f"更多{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("supplies:item-list"))


def test_receipt_form_posts_receipts(client_for, keeper, pens):
    response = client_for(keeper).post(
        reverse("supplies:receive"),
        {
            "source_label": "送货单001",
            "item_1": pens.pk,
            "quantity_1": "50",
            "cost_1": "1.70",
        },
    )
    assert response.status_code == 302
    pens.refresh_from_db()
    assert pens.on_hand == 150


def test_receipt_of_a_fraction_of_a_whole_unit_changes_nothing(
    client_for, keeper, pens
):
    response = client_for(keeper).post(
        reverse("supplies:receive"),
        {"source_label": "x", "item_1": pens.pk, "quantity_1": "0.5", "cost_1": "1"},
    )
    assert response.status_code == 200
    pens.refresh_from_db()
    assert pens.on_hand == 100


def test_staff_asks_for_items_on_the_form(client_for, staff, pens):
    response = client_for(staff).post(
        reverse("supplies:requisition-create"),
        {"purpose": "教研", "item_1": pens.pk, "quantity_1": "3"},
    )
    assert response.status_code == 302
    page = client_for(staff).get(response["Location"])
    assert "中性笔" in page.content.decode()


@pytest.fixture
def purchase_standin(monkeypatch):
    """A stand-in for procurement's "procurement.draft_purchase" service."""
    calls = []

    class Draft:
        def get_absolute_url(self):
            return "/procurement/1/"

    def draft(*, by, title, reason, lines):
        calls.append(lines)
        return Draft()

    # The registry is restored after the test: procurement's real service stays.
    monkeypatch.setitem(registry.services, "procurement.draft_purchase", draft)
    return calls


def test_low_stock_page_drafts_a_purchase_request(
    client_for, keeper, school, purchase_standin
):
    low = stocked(school, keeper, quantity=5, name="粉笔", reorder_level=D(10))
    client = client_for(keeper)
    page = client.get(reverse("supplies:low-stock"))
    assert (
        "Draft a purchase request" in page.content.decode()
        or "采购" in page.content.decode()
    )
    response = client.post(reverse("supplies:low-stock"), {"code": [low.code]})
    assert response.status_code == 302 and response["Location"] == "/procurement/1/"
    (lines,) = purchase_standin
    assert lines[0]["item_code"] == low.code and lines[0]["quantity"] == 15
    assert lines[0]["kind"] == "consumable"


def test_low_stock_page_hides_the_button_without_procurement(
    client_for, keeper, school, monkeypatch
):
    monkeypatch.delitem(registry.services, "procurement.draft_purchase", raising=False)
    stocked(school, keeper, quantity=5, name="粉笔", reorder_level=D(10))
    page = client_for(keeper).get(reverse("supplies:low-stock"))
    assert 'name="code"' not in page.content.decode()


def test_low_stock_service_lists_items_at_their_level(keeper, school):
    stocked(school, keeper, quantity=5, name="粉笔", reorder_level=D(10))
    stocked(school, keeper, quantity=50, name="扫帚", reorder_level=D(10))
    rows = registry.service("supplies.low_stock")(user=keeper)
    assert [r["name"] for r in rows] == ["粉笔"]


def test_stock_export_reads_back_with_a_total(client_for, keeper, pens):
    sheet = workbook(client_for(keeper).get(reverse("supplies:stock-export")))
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(row[0] == pens.code and row[7] == 150 for row in values)
    assert values[-1][7] == 150


def test_ledger_export_honours_the_period_and_neutralises_formulas(
    client_for, keeper, school
):
    item = stocked(school, keeper, quantity=3, name="=cmd|' /C calc'!A0")
    response = client_for(keeper).get(
        reverse("supplies:movement-export") + "?kind=receipt"
    )
    values = [[c.value for c in row] for row in workbook(response).iter_rows()]
    row = next(r for r in values if r[2] == item.code)
    assert row[3] == item.name  # written as text, not a formula
    assert StockMovement.objects.count() >= 1


def test_requisition_slip_pdf_has_chinese_and_a_cjk_font(client_for, staff, pens):
    requisition = docs.requisition_create(
        by=staff, lines=[(pens, 2)], purpose="语文组教研"
    )
    response = client_for(staff).get(
        reverse("supplies:requisition-slip", args=[requisition.pk])
    )
    text, fonts = pdf_text_and_fonts(response.content)
    assert "语文组教研" in text and requisition.number in text
    assert any("CJK" in name or "Noto" in name or "Source" in name for name in fonts), (
        fonts
    )


def test_handover_list_and_class_page(client_for, keeper, staff, school, pens):
    classes = [
        SchoolClass.objects.create(school=school, grade=7, number=n) for n in (1, 2)
    ]
    distribution = docs.distribution_issue(
        by=keeper, title="开学发放", plan={c: {pens: D(5)} for c in classes}
    )
    requisition = distribution.requisitions.first()
    response = client_for(keeper).get(
        reverse("supplies:handover-list", args=[distribution.pk, requisition.pk])
    )
    text, _fonts = pdf_text_and_fonts(response.content)
    assert "中性笔" in text
    class_page = reverse("supplies:class-supplies", args=[classes[0].pk])
    page = client_for(staff).get(class_page)
    assert "中性笔" in page.content.decode()
    # The storekeeper reaches each class's page from the distribution and from
    # the class's requisition.
    keeper_client = client_for(keeper)
    assert (
        class_page
        in keeper_client.get(distribution.get_absolute_url()).content.decode()
    )
    own = distribution.requisitions.get(school_class=classes[0])
    assert class_page in keeper_client.get(own.get_absolute_url()).content.decode()


def test_distribution_page_shows_totals_then_issues(client_for, keeper, school, pens):
    c = SchoolClass.objects.create(school=school, grade=9, number=1)
    client = client_for(keeper)
    data = {"items": [pens.pk], "title": "开学", f"q_{c.pk}_{pens.pk}": "7"}
    page = client.post(
        reverse("supplies:distribution-create"), {**data, "preview": "1"}
    )
    assert page.status_code == 200
    response = client.post(
        reverse("supplies:distribution-create"), {**data, "issue": "1"}
    )
    assert response.status_code == 302
    pens.refresh_from_db()
    assert pens.on_hand == 93


def test_count_posts_differences_as_corrections(client_for, keeper, school, pens):
    count = docs.count_start(by=keeper, title="期末盘点")
    line = count.lines.get(item=pens)
    client = client_for(keeper)
    client.post(count.get_absolute_url(), {f"counted_{line.pk}": "97"})
    page = client.get(count.get_absolute_url())
    assert "4.50" in page.content.decode()  # 3 missing × ¥1.50
    client.post(count.get_absolute_url(), {"post": "1"})
    pens.refresh_from_db()
    assert pens.on_hand == 97
    assert StockMovement.objects.filter(item=pens, kind="stocktake").count() == 1
    sheet = client.get(reverse("supplies:count-sheet", args=[count.pk]))
    text, _fonts = pdf_text_and_fonts(sheet.content)
    assert "中性笔" in text


def test_paper_use_page_draws_from_json_and_a_table(client_for, head):
    page = client_for(head).get(reverse("supplies:paper-use"))
    body = page.content.decode()
    assert 'id="paper-chart-data"' in body and "supplies/paper_chart.js" in body
    assert Item.objects.count() == 0


def test_a_large_ledger_export_goes_to_the_background_with_its_filters(
    client_for, keeper, school, settings, django_capture_on_commit_callbacks
):
    from logistics.files import file_url
    from logistics.jobs.models import BackgroundJob, JobStatus

    settings.LOGISTICS = {**settings.LOGISTICS, "BACKGROUND_EXPORT_ROWS": 2}
    for n in range(3):
        stocked(school, keeper, quantity=n + 1, name=f"物品{n}")
    client = client_for(keeper)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("supplies:movement-export"), {"kind": "receipt"})
    job = BackgroundJob.objects.get(owner=keeper, kind="supplies.ledger_export")
    assert response.status_code == 302 and job.status == JobStatus.DONE
    data = b"".join(client.get(file_url(job.result)).streaming_content)
    rows = list(
        load_workbook(io.BytesIO(data)).active.iter_rows(min_row=4, values_only=True)
    )
    assert len(rows) == 3


def test_low_stock_page_shows_a_hundred_at_a_time_with_the_full_count(
    client_for, keeper, school, django_assert_max_num_queries
):
    """A warehouse of thousands may have hundreds of items low: a page at a time,
    by code, the count of all at the top, and the same queries on every page."""
    for n in range(103):
        stocked(school, keeper, quantity=0, code=f"LOW{n:03d}", reorder_level=D(10))
    client = client_for(keeper)
    first = client.get(reverse("supplies:low-stock")).content.decode()
    assert "103 种物品已到或低于补货线。" in first
    assert first.count('name="code"') == 100
    assert "LOW099" in first and "LOW100" not in first
    with django_assert_max_num_queries(20) as captured:
        second = client.get(reverse("supplies:low-stock"), {"page": 2})
    second = second.content.decode()
    assert second.count('name="code"') == 3 and "LOW102" in second
    with django_assert_max_num_queries(len(captured)):
        client.get(reverse("supplies:low-stock"))
