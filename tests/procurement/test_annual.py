"""Procurement's section of the annual logistics report: requests decided in the
year, money paid by payment date, the fiscal year's budget and its use."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest

from logistics.models import TransitionLog
from logistics.roles import Role
from procurement import services
from procurement.annual import annual_section
from procurement.choices import PurchaseStatus
from procurement.models import BudgetLine, FiscalYear, PurchaseRequest

from ..factories import make_user
from .factories import TODAY, budget_line, draft, reload, submitted
from .test_services import order_accept_pay

pytestmark = pytest.mark.django_db
S = PurchaseStatus
YEAR = TODAY.year
D = Decimal


def figures(school_id, year):
    """{English label: value} of the section."""
    with translation.override("en"):
        section = annual_section(school_id, year)
        return {str(figure.label): figure.value for figure in section.figures}


def paid_purchase(staff, head, storekeeper, accountant, *, total, price, line_of=None):
    purchase = submitted(staff, total=total, line_of=line_of)
    services.purchase_approve(purchase=purchase, by=head)
    return order_accept_pay(purchase, storekeeper, head, accountant, price=price)


def move_to_last_year(purchase):
    """Its decisions, payment and override dated a year earlier."""
    TransitionLog.objects.filter(
        content_type__model="purchaserequest", object_id=purchase.pk
    ).update(at=datetime.datetime(YEAR - 1, 6, 1, 10, tzinfo=datetime.UTC))
    PurchaseRequest.objects.filter(pk=purchase.pk).update(
        paid_on=datetime.date(YEAR - 1, 12, 31),
        override_at=datetime.datetime(YEAR - 1, 6, 1, 10, tzinfo=datetime.UTC),
    )


@pytest.fixture
def year_of_purchases(
    school, staff, head, director, accountant, storekeeper, warehouse
):
    """This year: five requests submitted (one rejected, resubmitted and rejected
    again; one over its line, allowed by the head), three approved, one paid."""
    budget = budget_line(school, amount="10000.00")
    services.budget_adjust(
        by=accountant, budget_line=budget, amount=D("500"), reason="追加"
    )
    small = budget_line(school, amount="1000.00", code="301", name="办公费")
    submitted(staff, total="1000", line_of=budget)
    approved = submitted(staff, total="2000", line_of=budget)
    services.purchase_approve(purchase=approved, by=head)
    paid_purchase(
        staff,
        head,
        storekeeper,
        accountant,
        total="700",
        price="650.55",
        line_of=budget,
    )
    rejected = submitted(staff, total="300", line_of=budget)
    services.purchase_reject(purchase=rejected, by=head, comment="不需要")
    services.purchase_submit(purchase=reload(rejected), by=staff)
    services.purchase_reject(purchase=reload(rejected), by=head, comment="仍不需要")
    over = draft(staff, total="1200", line_of=small)
    services.purchase_override(purchase=over, by=head, reason="开学急需")
    services.purchase_submit(purchase=reload(over), by=staff)
    services.purchase_approve(purchase=reload(over), by=head)
    # A draft never submitted counts nowhere.
    draft(staff, total="50", line_of=budget)
    return budget


def test_every_figure_of_the_year(school, year_of_purchases):
    assert figures(school.pk, YEAR) == {
        "Purchase requests submitted": 5,
        "Requests approved in the year": 3,
        "Requests rejected in the year": 1,
        "Paid in the year (by payment date)": D("650.55"),
        "Budget of the fiscal year (with adjustments)": D("11500.00"),
        "Committed on it (approved, not paid)": D("3200.00"),
        "Spent from it (paid)": D("650.55"),
        # (3,200 + 650.55) / 11,500 = 33.48 %
        "Share of the budget used": D("33.5"),
        "Requests allowed over budget in the year": 1,
    }


def test_the_section_leads_to_the_purchases_in_its_order(school):
    section = annual_section(school.pk, YEAR)
    assert section.order == 30
    assert section.url == reverse("procurement:list")
    kinds = [figure.kind for figure in section.figures]
    assert kinds == [
        "count",
        "count",
        "count",
        "money",
        "money",
        "money",
        "money",
        "percent",
        "count",
    ]


def test_last_years_decisions_payments_and_budget_are_not_counted(
    school, year_of_purchases, staff, head, accountant, storekeeper
):
    before = figures(school.pk, YEAR)
    old = paid_purchase(staff, head, storekeeper, accountant, total="400", price="400")
    PurchaseRequest.objects.filter(pk=old.pk).update(
        override_reason="旧", override_total=D("400"), override_by=head
    )
    move_to_last_year(old)
    last_year = FiscalYear.objects.create(school=school, year=YEAR - 1)
    BudgetLine.objects.create(
        school=school, fiscal_year=last_year, code="302", name="设备", amount=D("5000")
    )

    now = figures(school.pk, YEAR)
    # The old request is still charged to this year's line: spent, not paid this year.
    assert now["Paid in the year (by payment date)"] == D("650.55")
    assert now["Spent from it (paid)"] == D("1050.55")
    assert now["Budget of the fiscal year (with adjustments)"] == D("11500.00")
    for label in (
        "Purchase requests submitted",
        "Requests approved in the year",
        "Requests rejected in the year",
        "Requests allowed over budget in the year",
    ):
        assert now[label] == before[label], label
    then = figures(school.pk, YEAR - 1)
    assert then["Purchase requests submitted"] == 1
    assert then["Requests approved in the year"] == 1
    assert then["Paid in the year (by payment date)"] == D("400.00")
    assert then["Requests allowed over budget in the year"] == 1
    assert then["Budget of the fiscal year (with adjustments)"] == D("5000.00")
    assert then["Share of the budget used"] == D("0.0")


def test_another_schools_purchases_are_not_counted(
    school, other_school, year_of_purchases, warehouse
):
    before = figures(school.pk, YEAR)
    staff = make_user(other_school, Role.STAFF, username="o_staff")
    head = make_user(other_school, Role.LOGISTICS_HEAD, username="o_head")
    keeper = make_user(other_school, Role.STOREKEEPER, username="o_store")
    accountant = make_user(other_school, Role.ACCOUNTANT, username="o_acc")
    theirs = budget_line(other_school, amount="8000.00")
    paid_purchase(
        staff, head, keeper, accountant, total="900", price="900", line_of=theirs
    )
    services.purchase_reject(
        purchase=submitted(staff, total="100", line_of=theirs), by=head, comment="否"
    )

    assert figures(school.pk, YEAR) == before
    assert figures(other_school.pk, YEAR)["Paid in the year (by payment date)"] == D(
        "900.00"
    )


def test_an_empty_year_gives_zeros_and_no_share(school):
    assert figures(school.pk, 2001) == {
        "Purchase requests submitted": 0,
        "Requests approved in the year": 0,
        "Requests rejected in the year": 0,
        "Paid in the year (by payment date)": D("0"),
        "Budget of the fiscal year (with adjustments)": D("0"),
        "Committed on it (approved, not paid)": D("0"),
        "Spent from it (paid)": D("0"),
        "Share of the budget used": None,
        "Requests allowed over budget in the year": 0,
    }


def test_the_queries_do_not_grow_with_the_requests(
    school, staff, head, accountant, storekeeper, warehouse
):
    budget = budget_line(school, amount="100000.00")
    for _n in range(2):
        paid_purchase(
            staff, head, storekeeper, accountant, total="10", price="10", line_of=budget
        )
    with CaptureQueriesContext(connection) as few:
        annual_section(school.pk, YEAR)
    for _n in range(8):
        paid_purchase(
            staff, head, storekeeper, accountant, total="10", price="10", line_of=budget
        )
        budget_line(school, amount="1.00", code=f"9{_n}")
    with CaptureQueriesContext(connection) as many:
        annual_section(school.pk, YEAR)

    assert len(few) == len(many) == 3
    assert figures(school.pk, YEAR)["Paid in the year (by payment date)"] == D("100.00")


def test_the_annual_report_shows_the_section(school, year_of_purchases, client_for):
    head = make_user(school, Role.LOGISTICS_HEAD, username="annual_head")
    page = client_for(head).get(reverse("annual-report"), {"year": str(YEAR)})

    assert page.status_code == 200
    html = page.content.decode()
    assert "采购与经费" in html
    assert "¥650.55" in html
    assert "33.5%" in html


def test_the_budget_report_is_listed_for_those_who_may_open_it(
    school, client_for, accountant, staff
):
    listed = client_for(accountant).get(reverse("reports")).content.decode()
    assert reverse("procurement:budget") in listed
    assert reverse("procurement:budget") not in (
        client_for(staff).get(reverse("reports")).content.decode()
    )


def test_a_note_on_last_years_request_does_not_count_it_again_this_year(
    school, staff, head
):
    """Requests submitted, and approved, last year and noted this year (an
    approval stage passed, a reminder sent) moved nowhere this year."""
    from logistics.workflow import note

    waiting = submitted(staff, total="400")
    approved = submitted(staff, total="300")
    services.purchase_approve(purchase=approved, by=head)
    for purchase in (waiting, approved):
        move_to_last_year(purchase)
        note(reload(purchase), by=head, text="提醒：请尽快处理")

    now = figures(school.pk, YEAR)
    assert now["Purchase requests submitted"] == 0
    assert now["Requests approved in the year"] == 0
    then = figures(school.pk, YEAR - 1)
    assert then["Purchase requests submitted"] == 2
    assert then["Requests approved in the year"] == 1
