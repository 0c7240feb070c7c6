"""The warehouse's section of the annual logistics report: the year's receipts and
issues from the ledger, requisitions, print jobs and their paper, low stock now."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from logistics.models import TransitionLog
from logistics.roles import Role
from supplies import ledger
from supplies import services_docs as docs
from supplies.annual import annual_section
from supplies.models import PrintJob, Requisition, StockMovement
from supplies.selectors import paper_use

from ..factories import make_user
from .factories import stocked
from .test_print_jobs import submit

pytestmark = pytest.mark.django_db
D = Decimal
YEAR = timezone.localdate().year
LAST_YEAR = datetime.datetime(YEAR - 1, 6, 1, 10, tzinfo=datetime.UTC)


def figures(school_id, year):
    """{English label: value} of the section (the tests run in English)."""
    return {
        str(figure.label): figure.value
        for figure in annual_section(school_id, year).figures
    }


def handed_over(requester, approver, keeper, item, quantity):
    requisition = docs.requisition_create(
        by=requester, lines=[(item, quantity)], purpose="办公室日常"
    )
    docs.requisition_approve(requisition=requisition, by=approver)
    return docs.requisition_issue(requisition=requisition, by=keeper)


def printed(requester, approver, printer, **kwargs):
    job = submit(requester, **kwargs)
    docs.printjob_approve(job=job, by=approver)
    return docs.printjob_done(job=job, by=printer)


@pytest.fixture
def pens(school, keeper):
    return stocked(school, keeper, quantity=100, unit_cost="1.50", name="中性笔")


@pytest.fixture
def year_of_work(school, keeper, staff, head, printer, a4, pens):
    """Received: 5,000 sheets at ¥0.046, 100 pens at ¥1.50, 5 toners at ¥2.50.
    Three requisitions filed: one handed over in full (10 pens, 2 given back),
    one in part (5 of 10 pens), one waiting. Two print jobs: one printed (120
    sheets), one approved only. One item low now, one low but no longer in use."""
    stocked(school, keeper, quantity=5, unit_cost="2.50", reorder_level=D("10"))
    stocked(school, keeper, quantity=0, reorder_level=D("5"), is_active=False)
    full = handed_over(staff, head, keeper, pens, 10)
    issue = StockMovement.objects.get(object_id=full.pk, kind="issue")
    ledger.movement_return(movement=issue, quantity=D(2), by=keeper, reason="多领")
    part = docs.requisition_create(by=staff, lines=[(pens, 10)], purpose="教研组")
    docs.requisition_approve(requisition=part, by=head)
    docs.requisition_issue(
        requisition=part, by=keeper, quantities={part.lines.get().pk: D(5)}
    )
    docs.requisition_create(by=staff, lines=[(pens, 3)], purpose="等待中")
    printed(staff, head, printer)  # 5 pages, 40 copies, double-sided
    waiting = submit(staff, title="通知")
    docs.printjob_approve(job=waiting, by=head)


def test_every_figure_of_the_year(school, year_of_work):
    assert figures(school.pk, YEAR) == {
        # 5,000 × 0.046 + 100 × 1.50 + 5 × 2.50
        "Value of goods received": D("392.50"),
        # 10 + 5 pens at ¥1.50 and 120 sheets at ¥0.046; the return is not an issue
        "Value of goods issued": D("28.02"),
        "Requisitions filed": 3,
        "Requisitions handed over": 1,
        "Print jobs printed": 1,
        "Sheets printed": 120,
        "Items at or below their reorder level now": 1,
    }


def test_sheets_printed_are_what_the_paper_use_report_counts(
    school, year_of_work, head, staff, printer
):
    printed(staff, head, printer, pages=3, copies=7, sides=1)
    use = paper_use(head, YEAR)
    in_the_year = sum(
        sheets
        for months in use.values()
        for (year, _month), sheets in months.items()
        if year == YEAR
    )
    assert in_the_year == 141
    assert figures(school.pk, YEAR)["Sheets printed"] == in_the_year


def test_the_section_leads_to_the_warehouse_in_its_order(school):
    section = annual_section(school.pk, YEAR)
    assert section.order == 40
    assert section.url == reverse("supplies:item-list")
    assert [figure.shown_unit for figure in section.figures][-2] == "sheets"


def test_last_years_movements_and_documents_are_not_counted(
    school, year_of_work, keeper, staff, head, printer, pens
):
    before = figures(school.pk, YEAR)
    old_requisition = handed_over(staff, head, keeper, pens, 4)
    old_job = printed(staff, head, printer, pages=1, copies=10, sides=1)
    old_receipt = stocked(school, keeper, quantity=3, unit_cost="7.00").movements.get()
    StockMovement.objects.filter(
        pk__in=[
            old_receipt.pk,
            old_job.movement_id,
            *StockMovement.objects.filter(
                object_id=old_requisition.pk, kind="issue"
            ).values_list("pk", flat=True),
        ]
    ).update(at=LAST_YEAR)
    Requisition.objects.filter(pk=old_requisition.pk).update(created_at=LAST_YEAR)
    TransitionLog.objects.filter(
        content_type__model="requisition", object_id=old_requisition.pk
    ).update(at=LAST_YEAR)
    PrintJob.objects.filter(pk=old_job.pk).update(
        created_at=LAST_YEAR, done_at=LAST_YEAR
    )

    assert figures(school.pk, YEAR) == before
    assert figures(school.pk, YEAR - 1) == {
        "Value of goods received": D("21.00"),
        # 4 pens at ¥1.50 and 10 sheets at ¥0.046
        "Value of goods issued": D("6.46"),
        "Requisitions filed": 1,
        "Requisitions handed over": 1,
        "Print jobs printed": 1,
        "Sheets printed": 10,
        "Items at or below their reorder level now": 1,
    }


def test_another_schools_warehouse_is_not_counted(school, other_school, year_of_work):
    before = figures(school.pk, YEAR)
    keeper = make_user(other_school, Role.STOREKEEPER, username="o_keeper")
    staff = make_user(other_school, Role.STAFF, username="o_staff")
    head = make_user(other_school, Role.LOGISTICS_HEAD, username="o_head")
    printer = make_user(other_school, Role.PRINT_ROOM, username="o_printer")
    stocked(other_school, keeper, quantity=1000, unit_cost="0.05", paper_size="A4")
    theirs = stocked(other_school, keeper, quantity=2, reorder_level=D("3"))
    handed_over(staff, head, keeper, theirs, 1)
    printed(staff, head, printer)

    assert figures(school.pk, YEAR) == before
    assert figures(other_school.pk, YEAR)["Sheets printed"] == 120


def test_an_empty_year_gives_zeros(school):
    assert figures(school.pk, 2001) == {
        "Value of goods received": D("0"),
        "Value of goods issued": D("0"),
        "Requisitions filed": 0,
        "Requisitions handed over": 0,
        "Print jobs printed": 0,
        "Sheets printed": 0,
        "Items at or below their reorder level now": 0,
    }


def test_the_queries_do_not_grow_with_the_rows(
    school, keeper, staff, head, printer, a4, pens
):
    for _n in range(2):
        handed_over(staff, head, keeper, pens, 1)
        printed(staff, head, printer, pages=1, copies=1, sides=1)
    with CaptureQueriesContext(connection) as few:
        annual_section(school.pk, YEAR)
    for _n in range(8):
        handed_over(staff, head, keeper, pens, 1)
        printed(staff, head, printer, pages=1, copies=1, sides=1)
        stocked(school, keeper, quantity=1, reorder_level=D("1"))
    with CaptureQueriesContext(connection) as many:
        annual_section(school.pk, YEAR)

    assert len(few) == len(many) == 5
    assert figures(school.pk, YEAR)["Sheets printed"] == 10


def test_the_annual_report_shows_the_section(school, year_of_work, client_for):
    head = make_user(school, Role.LOGISTICS_HEAD, username="annual_head")
    page = client_for(head).get(reverse("annual-report"), {"year": str(YEAR)})

    assert page.status_code == 200
    html = page.content.decode()
    assert "仓库、物品领用、文印" in html
    assert "120 张" in html
    assert "¥392.50" in html


def test_the_warehouse_reports_are_listed_for_those_who_may_open_them(
    client_for, head, keeper, staff
):
    paper, ledger_page = (
        reverse("supplies:paper-use"),
        reverse("supplies:movement-list"),
    )
    assert paper in client_for(head).get(reverse("reports")).content.decode()
    assert ledger_page in client_for(keeper).get(reverse("reports")).content.decode()
    listed = client_for(staff).get(reverse("reports")).content.decode()
    assert paper not in listed and ledger_page not in listed


def test_a_note_on_last_years_handed_over_requisition_does_not_count_it_again(
    school, staff, head, keeper, pens
):
    """Handed over last year, reminded this year to confirm: handed over once,
    last year."""
    from logistics.models import TransitionLog
    from logistics.workflow import note

    requisition = handed_over(staff, head, keeper, pens, 1)
    TransitionLog.objects.filter(
        content_type__model="requisition", object_id=requisition.pk
    ).update(at=LAST_YEAR)
    requisition.refresh_from_db()
    note(requisition, by=keeper, text="请确认领取")

    assert figures(school.pk, YEAR)["Requisitions handed over"] == 0
    assert figures(school.pk, YEAR - 1)["Requisitions handed over"] == 1
