"""The pages, the approval form PDF and the Excel exports, from the browser's side."""

import io
from decimal import Decimal

from django.urls import reverse

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from procurement import services
from procurement.choices import PurchaseStatus
from procurement.models import PurchaseRequest

from .factories import TODAY, budget_line, draft, line, reload, submitted, supplier

pytestmark = pytest.mark.django_db
S = PurchaseStatus


def pdf_text_and_fonts(data):
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        for font in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts") or []:
                descriptor = descendant.get_object().get("/FontDescriptor").get_object()
                if any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    fonts.add(str(descriptor.get("/FontName")))
    return text, fonts


def form_data(budget, **extra):
    data = {
        "title": "教研室打印机",
        "reason": "原打印机报废",
        "budget_line": budget.pk,
        "wanted_by": "",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "100",
        "lines-0-name": "激光打印机",
        "lines-0-specification": "HP M405",
        "lines-0-quantity": "1",
        "lines-0-unit": "台",
        "lines-0-estimated_unit_price": "1800",
        "lines-0-kind": "asset",
        "lines-1-name": "硒鼓",
        "lines-1-specification": "CF276A",
        "lines-1-quantity": "2",
        "lines-1-unit": "个",
        "lines-1-estimated_unit_price": "350",
        "lines-1-kind": "consumable",
    }
    data.update(extra)
    return data


def test_staff_drafts_and_submits_from_the_form(school, staff, head, client_for):
    budget = budget_line(school)
    client = client_for(staff)
    assert client.get(reverse("procurement:new")).status_code == 200
    response = client.post(reverse("procurement:new"), form_data(budget, submit="1"))
    purchase = PurchaseRequest.objects.get(requester=staff)
    assert (
        response.status_code == 302
        and response["Location"] == purchase.get_absolute_url()
    )
    assert purchase.status == S.SUBMITTED
    assert purchase.estimated_total == Decimal("2500.00")
    page = client.get(purchase.get_absolute_url()).content.decode()
    assert "激光打印机" in page and "2,500.00" in page


def test_a_line_without_a_price_is_refused_and_the_form_keeps_the_rest(
    school, staff, client_for
):
    budget = budget_line(school)
    response = client_for(staff).post(
        reverse("procurement:new"),
        form_data(budget, **{"lines-1-estimated_unit_price": ""}),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "激光打印机" in page and "CF276A" in page and "教研室打印机" in page
    assert not PurchaseRequest.objects.exists()
    response = client_for(staff).post(
        reverse("procurement:new"), form_data(budget, **{"lines-0-quantity": "-1"})
    )
    assert response.status_code == 200 and not PurchaseRequest.objects.exists()


def test_another_persons_or_schools_request_is_404(
    school, other_school, staff, colleague, client_for
):
    purchase = draft(staff)
    assert client_for(colleague).get(purchase.get_absolute_url()).status_code == 404
    assert (
        client_for(colleague)
        .get(reverse("procurement:edit", args=[purchase.pk]))
        .status_code
        == 404
    )
    from logistics.roles import Role
    from tests.factories import make_user

    far = make_user(other_school, Role.STAFF, Role.DIRECTOR)
    assert client_for(far).get(purchase.get_absolute_url()).status_code == 404


def test_the_approver_sees_what_waits_for_them_and_what_they_decided(
    school, staff, head, client_for
):
    from logistics.roles import Role
    from tests.factories import make_user

    # A named person in the chain who holds no "see all" permission.
    purchase = submitted(staff, total="200")
    assert client_for(head).get(purchase.get_absolute_url()).status_code == 200
    assert (
        client_for(make_user(school, Role.STAFF))
        .get(purchase.get_absolute_url())
        .status_code
        == 404
    )


def test_over_budget_override_shows_on_the_page_the_pdf_and_the_ledger(
    school, staff, head, director, accountant, client_for
):
    small = budget_line(school, amount="100.00", code="301", name="办公费")
    purchase = draft(staff, total="300", line_of=small)
    page = client_for(staff).get(purchase.get_absolute_url()).content.decode()
    assert 'data-testid="over-budget"' in page
    response = client_for(head).post(
        reverse("procurement:override", args=[purchase.pk]),
        {"override-reason": "开学急需，下季度追加预算"},
    )
    assert response.status_code == 302
    services.purchase_submit(purchase=reload(purchase), by=staff)
    services.purchase_approve(purchase=reload(purchase), by=head, comment="同意")
    page = client_for(director).get(purchase.get_absolute_url()).content.decode()
    assert "开学急需，下季度追加预算" in page
    pdf = client_for(staff).get(reverse("procurement:pdf", args=[purchase.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text, fonts = pdf_text_and_fonts(pdf.content)
    assert "开学急需" in text
    sheet = ledger(client_for(accountant))
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows[0][17] == "开学急需，下季度追加预算"


def test_the_pdf_has_lines_decisions_meeting_and_a_cjk_font(
    school, staff, head, director, client_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    purchase = submitted(
        staff,
        lines=[
            line(
                name="多媒体讲台", quantity="20", price="3000", kind="asset", unit="台"
            )
        ],
    )
    services.purchase_approve(purchase=purchase, by=head, comment="确有需要")
    services.purchase_approve(purchase=reload(purchase), by=director)
    services.purchase_approve(
        purchase=reload(purchase),
        by=director,
        meeting_date=TODAY,
        minutes=SimpleUploadedFile("纪要.pdf", b"%PDF-1.4"),
        comment="校务会研究同意",
    )
    response = client_for(staff).get(reverse("procurement:pdf", args=[purchase.pk]))
    text, fonts = pdf_text_and_fonts(response.content)
    assert "采购申请审批表" in text
    assert purchase.number in text and "多媒体讲台" in text
    assert "60,000.00" in text
    assert "陈主任" in text and "赵校长" in text and "确有需要" in text
    assert "校务会研究同意" in text and TODAY.isoformat() in text
    assert any("CJK" in name for name in fonts), fonts


def ledger(client, query=""):
    response = client.get(reverse("procurement:export") + query)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_the_ledger_export_reads_back_cell_by_cell_with_filters_and_totals(
    school, staff, head, storekeeper, accountant, client_for, warehouse
):
    budget = budget_line(school)
    paid = submitted(
        staff,
        title='=HYPERLINK("x")',
        lines=[
            line(quantity="10", price="25"),
            line(name="订书机", quantity="2", price="18", specification=""),
        ],
        line_of=budget,
    )
    services.purchase_approve(purchase=paid, by=head, comment="同意")
    services.purchase_order(
        purchase=reload(paid),
        by=storekeeper,
        supplier=supplier(school),
        ordered_on=TODAY,
    )
    paid = reload(paid)
    services.purchase_accept(
        purchase=paid,
        by=storekeeper,
        witness=head,
        accepted_on=TODAY,
        invoice_number="FP-7",
        received={
            item.pk: (item.quantity, item.estimated_unit_price)
            for item in paid.lines.all()
        },
    )
    services.purchase_pay(
        purchase=reload(paid), by=accountant, paid_on=TODAY, voucher_number="记-3"
    )
    other = draft(staff, total="99")
    sheet = ledger(client_for(accountant))
    assert sheet["A1"].value == "采购台账"
    header = [cell.value for cell in sheet[3]]
    assert header[:3] == ["编号", "创建时间", "标题"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 4  # three lines and the totals
    by_item = {row[8]: row for row in rows[:3]}
    paper = by_item["A4复印纸"]
    assert paper[0] == paid.number
    assert paper[2] == '=HYPERLINK("x")'  # text, not a formula
    assert paper[3] == "王老师" and paper[4] == "302" and paper[5] == "设备购置费"
    assert paper[7] == "已付款结案"
    assert paper[10] == "耗材（入库）"
    assert paper[11] == 10 and paper[12] == "包"
    assert paper[13] == 25 and paper[14] == 250 and paper[15] == 10 and paper[16] == 250
    assert "陈主任" in paper[18] and "同意" in paper[18] or "批准" in paper[18]
    assert paper[19] == "文华办公用品公司"
    assert paper[21] == "FP-7" and paper[23] == "记-3"
    assert paper[20] is not None and paper[22] is not None
    assert by_item["A4复印纸"][0] != other.number
    assert (
        rows[-1][0] == "合计" and rows[-1][14] == 250 + 36 + 99 and rows[-1][16] == 286
    )
    # The list's filters: only the paid one.
    filtered = ledger(client_for(accountant), "?status=closed")
    rows = list(filtered.iter_rows(min_row=4, values_only=True))
    assert {row[0] for row in rows[:-1]} == {paid.number}
    assert rows[-1][14] == 286
    # The formula-looking title is written as text.
    cell = [c for c in filtered[4] if c.value == '=HYPERLINK("x")'][0]
    assert cell.data_type == "s"


def test_the_budget_report_has_lines_departments_and_totals(
    school, staff, head, accountant, client_for
):
    from tests.factories import DepartmentFactory

    office = DepartmentFactory(school=school, name="总务处")
    a = budget_line(
        school, amount="10000", code="301", name="办公费", department=office
    )
    budget_line(school, amount="5000", code="302", name="维修费", department=office)
    purchase = submitted(staff, total="2000", line_of=a)
    services.purchase_approve(purchase=purchase, by=head)
    response = client_for(accountant).get(
        reverse("procurement:budget-export") + f"?year={TODAY.year}"
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows[0][:2] == ("301", "办公费")
    assert (
        rows[0][4] == 10000
        and rows[0][7] == 2000
        and rows[0][8] == 0
        and rows[0][9] == 8000
    )
    assert rows[0][10] == pytest.approx(0.2)
    assert rows[1][:2] == ("302", "维修费") and rows[1][9] == 5000
    assert rows[3][1] == "按部门"
    assert rows[4][2] == "总务处" and rows[4][6] == 15000 and rows[4][9] == 13000
    assert rows[-1][1] == "合计" and rows[-1][6] == 15000 and rows[-1][9] == 13000
    page = client_for(accountant).get(reverse("procurement:budget")).content.decode()
    assert "办公费" in page and "总务处" in page


def test_home_shows_lines_near_their_limit_and_what_waits(
    school, staff, head, accountant, client_for
):
    tight = budget_line(school, amount="1000", code="301", name="办公费")
    purchase = submitted(staff, total="950", line_of=tight)
    services.purchase_approve(purchase=purchase, by=head)
    page = client_for(accountant).get("/").content.decode()
    assert "接近上限" in page
    from procurement.selectors import home_cards

    cards = {card.title: card.count for card in home_cards(accountant)}
    assert any("接近" in t or "near" in t for t in cards)
    assert [c for t, c in cards.items() if "near" in t.lower() or "接近" in t] == [1]


def test_edit_and_resubmit_from_the_form_after_a_rejection(
    school, staff, head, director, client_for
):
    budget = budget_line(school)
    purchase = submitted(staff, total="5000", line_of=budget)
    services.purchase_approve(purchase=purchase, by=head)
    services.purchase_reject(purchase=reload(purchase), by=director, comment="太贵")
    client = client_for(staff)
    edit = reverse("procurement:edit", args=[purchase.pk])
    page = client.get(edit).content.decode()
    assert "被驳回" in page
    data = form_data(budget, submit="1")
    data.update({"lines-0-estimated_unit_price": "1500", "lines-1-quantity": "1"})
    response = client.post(edit, data)
    assert response.status_code == 302
    purchase = reload(purchase)
    assert purchase.status == S.SUBMITTED and purchase.version == 2
    assert purchase.estimated_total == Decimal("1850.00")
    page = client.get(purchase.get_absolute_url()).content.decode()
    assert page.count('data-testid="version"') == 2
    # Submitted: no more editing.
    response = client.get(edit)
    assert (
        response.status_code == 302
        and response["Location"] == purchase.get_absolute_url()
    )


def test_the_director_approves_several_purchases_at_once_from_the_inbox(
    school, staff, head, director, client_for
):
    purchases = [submitted(staff, total="4000") for _ in range(3)]
    for purchase in purchases:
        services.purchase_approve(purchase=purchase, by=head)
    from logistics.approvals.models import Approval

    pending = Approval.objects.filter(kind="procurement.purchase", status="pending")
    client = client_for(director)
    page = client.get(reverse("approvals:inbox")).content.decode()
    assert all(p.number in page for p in purchases)
    response = client.post(
        reverse("approvals:approve-selected"),
        {"selected": [a.pk for a in pending]},
    )
    assert response.status_code == 302
    assert {reload(p).status for p in purchases} == {S.APPROVED}


def test_submitting_over_budget_from_the_form_keeps_the_draft_and_says_why(
    school, staff, client_for
):
    small = budget_line(school, amount="1000.00", code="301", name="办公费")
    client = client_for(staff)
    response = client.post(
        reverse("procurement:new"), form_data(small, submit="1"), follow=True
    )
    purchase = PurchaseRequest.objects.get(requester=staff)
    assert purchase.status == S.DRAFT
    page = response.content.decode()
    assert "超出预算项目" in page and "1,500.00" in page
