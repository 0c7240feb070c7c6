"""Depreciation as government accounting keeps it: worked examples to the fen.

The month rule of each accounting system, posted months (closed, frozen, reopened),
adjustments going forward, nominal amounts, fully depreciated assets and the
opening of the ledger — on whichever database the run uses (SQLite or
PostgreSQL), Python and SQL giving the same figures.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from assets import depreciation as dep
from assets import posting, selectors, services
from assets.choices import MonthStatus
from assets.conf import ENTERPRISE, GOVERNMENT
from assets.models import Asset, DepreciationEntry, DepreciationMonth
from logistics.models import TransitionLog

from .factories import AssetFactory, category

pytestmark = pytest.mark.django_db

D = datetime.date
M = Decimal


def month(year, number):
    return dep.month_index(D(year, number, 1))


def sql_accumulated(asset, as_of):
    return (
        Asset.objects.filter(pk=asset.pk)
        .annotate(acc=dep.accumulated_expression(as_of))
        .values_list("acc", flat=True)
        .get()
    )


def close(school, user, *months):
    return [
        posting.month_close(school=school, by=user, month=month(y, m))
        for y, m in months
    ]


def charges(asset, year):
    """The charge of each month of ``year``, by the schedule."""
    return [dep.charge_in(asset, month(year, m)) for m in range(1, 13)]


@pytest.fixture(autouse=True)
def in_english():
    """The refusals are matched in English, whatever an earlier test activated."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def books(settings):
    def choose(system):
        settings.ASSETS = {"ACCOUNTING_SYSTEM": system}

    return choose


# -- the month rule: a computer bought on 15 March and sold on 10 October --------------


def test_government_books_depreciate_from_the_month_bought_and_not_in_the_month_sold(
    school, books
):
    books(GOVERNMENT)
    pc = AssetFactory(
        school=school, acquired_on=D(2024, 3, 15), disposed_on=D(2024, 10, 10)
    )
    assert charges(pc, 2024) == [M(0)] * 2 + [M("100.00")] * 7 + [M(0)] * 3
    assert dep.accumulated(pc, D(2024, 3, 31)) == M("100.00")  # March counts
    assert dep.accumulated(pc, D(2024, 10, 31)) == M("700.00")  # October does not
    assert dep.net_value(pc, D(2024, 12, 31)) == M("6500.00")
    for as_of in (D(2024, 2, 29), D(2024, 3, 31), D(2024, 9, 30), D(2025, 1, 31)):
        assert sql_accumulated(pc, as_of) == dep.accumulated(pc, as_of)


def test_enterprise_books_depreciate_from_the_next_month_and_still_in_the_month_sold(
    school, books
):
    books(ENTERPRISE)
    pc = AssetFactory(
        school=school, acquired_on=D(2024, 3, 15), disposed_on=D(2024, 10, 10)
    )
    assert charges(pc, 2024) == [M(0)] * 3 + [M("100.00")] * 7 + [M(0)] * 2
    assert dep.accumulated(pc, D(2024, 3, 31)) == M("0.00")  # not in March
    assert dep.accumulated(pc, D(2024, 10, 31)) == M("700.00")  # October still
    for as_of in (D(2024, 3, 31), D(2024, 4, 30), D(2024, 10, 31)):
        assert sql_accumulated(pc, as_of) == dep.accumulated(pc, as_of)


def test_the_accounting_system_is_each_schools_own_rule(school, other_school, head):
    from logistics.rules import school_rules_set

    assert posting.last_closed(school.pk) is None
    school_rules_set(
        school=school, values={"assets.ACCOUNTING_SYSTEM": ENTERPRISE}, by=head
    )
    ours = AssetFactory(school=school, acquired_on=D(2024, 3, 15))
    theirs = AssetFactory(school=other_school, acquired_on=D(2024, 3, 15))
    assert ours.depreciation_start == month(2024, 4)
    assert theirs.depreciation_start == month(2024, 3)  # the government default


def test_closing_the_months_posts_the_same_figures_under_both_systems(
    school, books, accountant
):
    for system, charged in (
        (GOVERNMENT, {3: "100.00", 9: "100.00", 10: None}),
        (ENTERPRISE, {3: None, 4: "100.00", 10: "100.00"}),
    ):
        books(system)
        DepreciationEntry.objects.all().delete()
        DepreciationMonth.objects.all().delete()
        Asset.objects.all().delete()
        pc = AssetFactory(
            school=school, acquired_on=D(2024, 3, 15), disposed_on=D(2024, 10, 10)
        )
        close(school, accountant, *[(2024, m) for m in range(3, 12)])
        posted = dict(
            DepreciationEntry.objects.filter(asset=pc).values_list("month", "amount")
        )
        for number, amount in charged.items():
            assert posted.get(month(2024, number)) == (M(amount) if amount else None)
        assert sum(posted.values()) == M("700.00")
        last = DepreciationEntry.objects.filter(asset=pc).order_by("month").last()
        assert last.accumulated == M("700.00") and last.net == M("6500.00")


# -- changes go forward -------------------------------------------------------------------


def test_a_value_change_in_year_three_spreads_over_the_months_left(school, head):
    pc = AssetFactory(school=school, acquired_on=D(2022, 1, 10))
    # January 2022 .. February 2024: 26 months at 100.00.
    posting.asset_adjust(
        asset=pc,
        by=head,
        kind="addition",
        adjusted_on=D(2024, 3, 5),
        amount=M("1000.00"),
        reason="加装内存与固态硬盘",
    )
    pc.refresh_from_db()
    adjustment = pc.adjustments.get()
    assert (adjustment.accumulated_before, adjustment.months_done) == (M("2600.00"), 26)
    assert pc.original_value == M("8200.00")
    # (8,200 − 2,600) ÷ (72 − 26) = 121.739… → 121.74; the last month 121.70.
    assert pc.monthly_depreciation == M("121.74")
    assert dep.accumulated(pc, D(2024, 2, 29)) == M("2600.00")
    assert dep.accumulated(pc, D(2024, 3, 31)) == M("2721.74")
    assert dep.accumulated(pc, D(2027, 11, 30)) == M("8078.30")
    assert dep.charge_in(pc, month(2027, 12)) == M("121.70")
    assert dep.accumulated(pc, D(2030, 1, 1)) == M("8200.00")
    # The months before the change are read as they were, in Python and SQL.
    assert dep.accumulated(pc, D(2023, 6, 30)) == M("1800.00")
    assert dep.net_value(pc, D(2023, 6, 30)) == M("5400.00")
    for as_of in (D(2021, 12, 31), D(2023, 6, 30), D(2024, 2, 29), D(2024, 3, 31)):
        assert sql_accumulated(pc, as_of) == dep.accumulated(pc, as_of)
    rows = selectors.with_book_values(Asset.objects.filter(pk=pc.pk), D(2023, 6, 30))
    assert rows.get().net == M("5400.00")


def test_a_change_of_years_and_a_partial_disposal_go_forward(school, head):
    pc = AssetFactory(school=school, acquired_on=D(2022, 1, 10))
    posting.asset_adjust(
        asset=pc,
        by=head,
        kind="years_change",
        adjusted_on=D(2023, 1, 2),
        years=8,
        reason="使用年限重新评估",
    )
    pc.refresh_from_db()
    # 12 months done (1,200.00); 96 − 12 = 84 months for 6,000: 71.43, last 70.66.
    assert pc.monthly_depreciation == M("71.43")
    posting.asset_adjust(
        asset=pc,
        by=head,
        kind="partial_disposal",
        adjusted_on=D(2024, 1, 3),
        amount=M("500.00"),
        reason="拆除部分配件",
    )
    pc.refresh_from_db()
    # By December 2023: 1,200 + 12 × 71.43 = 2,057.16; 6,700 − 2,057.16 over 72.
    assert pc.depreciation_base_accumulated == M("2057.16")
    assert pc.monthly_depreciation == M("64.48")
    for as_of in (D(2022, 6, 30), D(2023, 6, 30), D(2024, 6, 30), D(2031, 1, 1)):
        assert sql_accumulated(pc, as_of) == dep.accumulated(pc, as_of)
    assert dep.accumulated(pc, D(2031, 1, 1)) == M("6700.00")


def test_an_adjustment_below_the_accumulated_depreciation_is_refused(school, head):
    pc = AssetFactory(school=school, acquired_on=D(2022, 1, 10))
    with pytest.raises(ValidationError, match="below the accumulated"):
        posting.asset_adjust(
            asset=pc,
            by=head,
            kind="value_change",
            adjusted_on=D(2024, 3, 5),
            amount=M("2000.00"),
            reason="评估减值",
        )
    assert not pc.adjustments.exists()
    pc.refresh_from_db()
    assert pc.original_value == M("7200.00")


# -- nominal amounts and fully depreciated assets -----------------------------------------


def test_a_donation_at_a_nominal_amount_is_never_depreciated(school, accountant):
    gift = AssetFactory(
        school=school,
        name="捐赠钢琴",
        unit_price=M("1.00"),
        nominal_amount=True,
        asset_class="fixed",
        acquired_on=D(2024, 5, 8),
    )
    assert gift.depreciation_months == 0
    assert dep.accumulated(gift, D(2030, 1, 1)) == M("0.00")
    assert dep.net_value(gift, D(2030, 1, 1)) == M("1.00")
    close(school, accountant, (2024, 5), (2024, 6))
    assert not DepreciationEntry.objects.filter(asset=gift).exists()


def test_a_fully_depreciated_desk_stays_on_the_ledger_and_is_not_depreciated(
    school, accountant
):
    desk = AssetFactory(
        school=school,
        name="办公桌",
        category=category(school, "6010000"),
        unit_price=M("1800.00"),
        acquired_on=D(2008, 5, 20),
    )
    # 15 years from May 2008: the last month is April 2023.
    assert dep.charge_in(desk, month(2023, 4)) == M("10.00")
    assert dep.charge_in(desk, month(2023, 5)) == M("0.00")
    assert dep.book_value(desk, D(2025, 1, 31)).fully_depreciated
    (period,) = close(school, accountant, (2025, 1))
    assert period.assets == 0
    totals = selectors.ledger_totals(Asset.objects.for_school(school), D(2025, 1, 31))
    assert totals["count"] == 1
    assert (totals["accumulated"], totals["net"]) == (M("1800.00"), M("0.00"))


# -- opening the ledger mid-year --------------------------------------------------------------


def test_a_ledger_opened_mid_year_starts_from_the_imported_or_computed_figures(
    school, accountant, head
):
    imported = AssetFactory(
        school=school, acquired_on=D(2023, 3, 1), opening_accumulated=M("2500.00")
    )
    computed = AssetFactory(
        school=school, unit_price=M("3600.00"), acquired_on=D(2024, 1, 10)
    )
    with pytest.raises(PermissionDenied):
        posting.ledger_open(school=school, by=head, month=month(2025, 7))
    opening = posting.ledger_open(school=school, by=accountant, month=month(2025, 7))
    assert (opening.imported, opening.computed) == (1, 1)
    with pytest.raises(ValidationError, match="opened already"):
        posting.ledger_open(school=school, by=accountant, month=month(2025, 8))
    imported.refresh_from_db()
    # By the rule it would be 28 months (2,800.00); the old ledger says 2,500.00:
    # (7,200 − 2,500) ÷ (72 − 28) = 106.818… → 106.82, the last month 106.74.
    assert imported.monthly_depreciation == M("106.82")
    assert dep.accumulated(imported, D(2025, 6, 30)) == M("2500.00")
    with pytest.raises(ValidationError, match="before it"):
        posting.month_close(school=school, by=accountant, month=month(2025, 6))
    with pytest.raises(ValidationError, match="2025-07 first"):
        posting.month_close(school=school, by=accountant, month=month(2025, 8))
    close(school, accountant, (2025, 7))
    posted = dict(DepreciationEntry.objects.values_list("asset_id", "amount"))
    assert posted == {imported.pk: M("106.82"), computed.pk: M("50.00")}
    entry = DepreciationEntry.objects.get(asset=imported)
    assert (entry.accumulated, entry.net) == (M("2606.82"), M("4593.18"))
    assert dep.accumulated(imported, D(2029, 2, 28)) == M("7200.00")
    assert dep.charge_in(imported, month(2029, 2)) == M("106.74")
    assert sql_accumulated(imported, D(2024, 6, 30)) == dep.accumulated(
        imported, D(2024, 6, 30)
    )


# -- posted months: refused moves, frozen figures, reopening ------------------------------------


def test_closing_twice_before_the_last_or_with_a_gap_is_refused(school, accountant):
    AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    close(school, accountant, (2024, 1), (2024, 2))
    for target, message in (
        ((2024, 2), "closed already"),
        ((2024, 1), "closed already"),
        ((2023, 12), "before 2024-02"),
        ((2024, 4), "2024-03 first"),
    ):
        with pytest.raises(ValidationError, match=message):
            posting.month_close(school=school, by=accountant, month=month(*target))
    assert DepreciationMonth.objects.count() == 2
    assert DepreciationEntry.objects.count() == 2


def test_only_the_accountant_closes(school, head):
    with pytest.raises(PermissionDenied):
        posting.month_close(school=school, by=head, month=month(2024, 1))


def test_closed_months_are_frozen_against_every_kind_of_change(
    school, accountant, head, director
):
    pc = AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    close(school, accountant, (2024, 1), (2024, 2), (2024, 3))
    before = selectors.ledger_totals(Asset.objects.for_school(school), D(2024, 3, 31))
    # A card edit that would rewrite the past.
    for change in (
        {"unit_price": M("8000.00"), "original_value": M("8000.00")},
        {"acquired_on": D(2023, 12, 1)},
        {"depreciation_years_override": 3},
        {"nominal_amount": True},
    ):
        with pytest.raises(ValidationError, match="2024-0"):
            services.asset_update(asset=pc, by=head, **change)
    # A change that leaves the closed months alone is fine.
    services.asset_update(asset=pc, by=head, name="教师用台式计算机")
    # An adjustment dated in a closed month.
    with pytest.raises(ValidationError, match="closed"):
        posting.asset_adjust(
            asset=pc,
            by=head,
            kind="addition",
            adjusted_on=D(2024, 3, 20),
            amount=M("100.00"),
            reason="加装内存",
        )
    # A new card whose depreciation would start in a closed month.
    with pytest.raises(ValidationError, match="2024-02"):
        services.asset_create(
            school=school,
            by=head,
            name="打印机",
            category=category(school),
            unit_price=M("3000.00"),
            acquired_on=D(2024, 2, 10),
        )
    # A disposal dated in a closed month.
    disposal = services.disposal_propose(
        asset=pc, by=head, method="scrap", reason="主板损坏"
    )
    disposal = services.disposal_approve(disposal=disposal, by=director)
    with pytest.raises(ValidationError, match="2024-0"):
        services.disposal_complete(
            disposal=disposal, by=head, disposed_on=D(2024, 2, 20)
        )
    pc.refresh_from_db()
    assert pc.disposed_on is None and pc.original_value == M("7200.00")
    # Even a schedule changed behind the services' back leaves posted months alone.
    Asset.objects.filter(pk=pc.pk).update(monthly_depreciation=M("1.00"))
    after = selectors.ledger_totals(Asset.objects.for_school(school), D(2024, 3, 31))
    assert after["accumulated"] == before["accumulated"] == M("300.00")
    ledger = selectors.depreciation_ledger(
        Asset.objects.for_school(school),
        first_month=month(2024, 3),
        last_month=month(2024, 3),
    )
    assert ledger[0]["charge"] == M("100.00")


def test_a_reopened_month_can_be_changed_and_closed_again(
    school, accountant, head, client_for
):
    pc = AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    first, second = close(school, accountant, (2024, 1), (2024, 2))
    refused = posting.MONTH_WORKFLOW.why_not(first, accountant, "reopen")
    assert refused and "latest" in str(refused)
    with pytest.raises((PermissionDenied, ValidationError)):
        posting.month_reopen(period=second, by=head, reason="错账")
    with pytest.raises(ValidationError):
        posting.month_reopen(period=second, by=accountant, reason="  ")
    posting.month_reopen(period=second, by=accountant, reason="二月卡片原值录错")
    second.refresh_from_db()
    assert second.status == MonthStatus.REOPENED
    log = TransitionLog.objects.for_object(second).last()
    assert log.comment == "二月卡片原值录错" and log.by == accountant
    posting.asset_adjust(
        asset=pc,
        by=head,
        kind="addition",
        adjusted_on=D(2024, 2, 20),
        amount=M("710.00"),
        reason="补录配件",
    )
    (again,) = close(school, accountant, (2024, 2))
    # (7,910 − 100) ÷ 71 = 110.00
    assert DepreciationEntry.objects.get(period=again).amount == M("110.00")
    assert DepreciationEntry.objects.filter(period=second).count() == 1  # kept


# -- the voucher summary ----------------------------------------------------------------------


def test_the_voucher_summary_reconciles_with_the_ledger(school, accountant):
    from tests.factories import DepartmentFactory

    office = DepartmentFactory(school=school, name="总务处")
    AssetFactory(school=school, acquired_on=D(2024, 1, 15), department=office)
    AssetFactory(
        school=school,
        unit_price=M("1000.00"),
        acquired_on=D(2023, 6, 1),
        expense_use="administration",
        funding_source="self_raised",
    )
    AssetFactory(
        school=school,
        category=category(school, "6010000"),
        unit_price=M("1800.00"),
        acquired_on=D(2024, 2, 1),
        expense_use="operating",
    )
    (period,) = close(school, accountant, (2024, 3))
    summary = posting.month_summary(period)
    ledger = selectors.depreciation_ledger(
        Asset.objects.for_school(school),
        first_month=month(2024, 3),
        last_month=month(2024, 3),
    )
    total = sum(row["charge"] for row in ledger)
    assert summary["total"] == total == period.total == M("123.89")
    uses = {row["expense_use"]: row["amount"] for row in summary["by_use"]}
    assert uses == {
        "business": M("100.00"),
        "administration": M("13.89"),
        "operating": M("10.00"),
    }
    for key in ("by_category", "by_department", "by_funding"):
        assert sum(row["amount"] for row in summary[key]) == summary["total"]


def test_changing_the_accounting_system_recomputes_the_schools_schedules(
    school, head, django_capture_on_commit_callbacks
):
    from logistics.rules import school_rules_set

    pc = AssetFactory(
        school=school, acquired_on=D(2024, 3, 15), disposed_on=D(2024, 10, 10)
    )
    assert (pc.depreciation_start, pc.depreciation_end) == (
        month(2024, 3),
        month(2024, 9),
    )
    with django_capture_on_commit_callbacks(execute=True):
        school_rules_set(
            school=school, values={"assets.ACCOUNTING_SYSTEM": ENTERPRISE}, by=head
        )
    pc.refresh_from_db()
    assert (pc.depreciation_start, pc.depreciation_end) == (
        month(2024, 4),
        month(2024, 10),
    )


def test_a_category_years_change_leaves_posted_months_and_goes_on_from_the_next(
    school, accountant, head
):
    from assets import services as asset_services

    pc = AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    close(school, accountant, *[(2024, m) for m in range(1, 13)])
    computers = category(school)
    computers.depreciation_years = 8
    asset_services.category_save(category=computers, by=head)
    pc.refresh_from_db()
    # 1,200.00 posted in 2024; 6,000 over the 84 months left: 71.43 a month.
    assert pc.depreciation_base_month == month(2025, 1)
    assert pc.monthly_depreciation == M("71.43")
    assert dep.accumulated(pc, D(2024, 12, 31)) == M("1200.00")
    assert dep.accumulated(pc, D(2024, 6, 30)) == M("600.00")
    assert dep.charge_in(pc, month(2025, 1)) == M("71.43")
    assert sql_accumulated(pc, D(2024, 6, 30)) == M("600.00")


# -- a school that changes its books after closing months ---------------------------------


def switch_books(school, head, system, capture):
    from logistics.rules import school_rules_set

    with capture(execute=True):
        school_rules_set(
            school=school, values={"assets.ACCOUNTING_SYSTEM": system}, by=head
        )


def frozen(school):
    """Every posted figure of the school's closed months."""
    return (
        sorted(
            DepreciationMonth.objects.filter(school=school).values_list(
                "month", "assets", "total"
            )
        ),
        sorted(
            DepreciationEntry.objects.filter(period__school=school).values_list(
                "period__month", "asset_id", "amount"
            )
        ),
    )


def test_a_change_of_books_after_closed_months_leaves_them_and_goes_on_from_the_next(
    school, head, accountant, django_capture_on_commit_callbacks
):
    """Government to enterprise with January to March closed: March's purchase,
    posted in March, is not charged again in April; nothing is charged twice, and
    the posted months keep their figures."""
    old = AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    march = AssetFactory(school=school, acquired_on=D(2024, 3, 15))
    april = AssetFactory(school=school, acquired_on=D(2024, 4, 2))
    close(school, accountant, (2024, 1), (2024, 2), (2024, 3))
    posted = frozen(school)
    assert posted[0] == [
        (month(2024, 1), 1, M("100.00")),
        (month(2024, 2), 1, M("100.00")),
        (month(2024, 3), 2, M("200.00")),
    ]

    switch_books(school, head, ENTERPRISE, django_capture_on_commit_callbacks)
    assert frozen(school) == posted
    for asset in (old, march, april):
        asset.refresh_from_db()
    # Each closed month reads as posted, by the card and by the database.
    for number, figures in (
        (1, ("100.00", "0.00")),
        (2, ("200.00", "0.00")),
        (3, ("300.00", "100.00")),
    ):
        as_of = dep.month_end(month(2024, number))
        for asset, figure in zip((old, march), figures, strict=True):
            assert dep.accumulated(asset, as_of) == M(figure), (number, asset)
            assert sql_accumulated(asset, as_of) == M(figure), (number, asset)
    # From April the enterprise rule: March's purchase goes on from its 100.00,
    # April's purchase starts in May.
    assert [dep.charge_in(a, month(2024, 4)) for a in (old, march, april)] == [
        M("100.00"),
        M("100.00"),
        M("0.00"),
    ]
    assert dep.charge_in(april, month(2024, 5)) == M("100.00")
    period = posting.month_close(school=school, by=accountant, month=month(2024, 4))
    assert (period.assets, period.total) == (2, M("200.00"))
    for asset in (old, march, april):
        for as_of in (D(2024, 3, 31), D(2024, 4, 30), D(2030, 12, 31)):
            assert sql_accumulated(asset, as_of) == dep.accumulated(asset, as_of)
        # Whatever the books, an asset is never depreciated beyond its value.
        assert dep.accumulated(asset, D(2035, 12, 31)) == asset.original_value


def test_a_change_to_government_books_charges_no_closed_month_after_the_fact(
    school, head, accountant, books, django_capture_on_commit_callbacks
):
    """Enterprise to government with March closed: a March purchase (not charged in
    March under the enterprise rule) starts in the first open month; March stays 0."""
    books(ENTERPRISE)
    march = AssetFactory(school=school, acquired_on=D(2024, 3, 15))
    close(school, accountant, (2024, 3))
    posted = frozen(school)
    assert posted[0] == [(month(2024, 3), 0, M("0.00"))]

    switch_books(school, head, GOVERNMENT, django_capture_on_commit_callbacks)
    march.refresh_from_db()
    assert frozen(school) == posted
    for as_of in (D(2024, 2, 29), D(2024, 3, 31)):
        assert dep.accumulated(march, as_of) == M("0.00")
        assert sql_accumulated(march, as_of) == M("0.00")
    assert dep.charge_in(march, month(2024, 4)) == M("100.00")
    period = posting.month_close(school=school, by=accountant, month=month(2024, 4))
    assert (period.assets, period.total) == (1, M("100.00"))
    assert dep.accumulated(march, D(2035, 12, 31)) == march.original_value
    assert sql_accumulated(march, D(2035, 12, 31)) == march.original_value


# -- a page's book values in Python agree with the SQL of the totals ---------------------


def test_a_pages_book_values_in_python_agree_with_the_sql_to_the_fen(
    school, head, accountant, django_assert_max_num_queries
):
    """The ledger page computes its 50 rows' book values in Python (compiling the
    SQL costs more than the arithmetic); they must be the figures the totals sum:
    a rebased card before and after its change, a partial disposal, a disposed
    card, a donation at a nominal amount, a fully depreciated desk and a posted
    month whose figure differs from the schedule."""
    added = AssetFactory(school=school, acquired_on=D(2022, 1, 10))
    posting.asset_adjust(
        asset=added,
        by=head,
        kind="addition",
        adjusted_on=D(2024, 3, 5),
        amount=M("1000.00"),
        reason="加装内存",
    )
    cut = AssetFactory(school=school, acquired_on=D(2022, 1, 10))
    posting.asset_adjust(
        asset=cut,
        by=head,
        kind="partial_disposal",
        adjusted_on=D(2023, 7, 3),
        amount=M("500.00"),
        reason="拆除部分配件",
    )
    gone = AssetFactory(
        school=school, acquired_on=D(2023, 3, 15), disposed_on=D(2024, 10, 10)
    )
    gift = AssetFactory(
        school=school,
        unit_price=M("1.00"),
        nominal_amount=True,
        asset_class="fixed",
        acquired_on=D(2024, 5, 8),
    )
    desk = AssetFactory(
        school=school,
        category=category(school, "6010000"),
        unit_price=M("1800.00"),
        acquired_on=D(2008, 5, 20),
    )
    posted = AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    close(school, accountant, *[(2024, m) for m in range(1, 7)])
    # A posted figure stands even where today's schedule says otherwise.
    DepreciationEntry.objects.filter(asset=posted, month=month(2024, 6)).update(
        accumulated=M("612.34")
    )
    ids = [a.pk for a in (added, cut, gone, gift, desk, posted)]
    for as_of in (
        D(2022, 6, 30),
        D(2023, 6, 30),
        D(2024, 2, 29),
        D(2024, 6, 30),
        D(2024, 12, 31),
        D(2040, 1, 1),
    ):
        by_sql = {
            a.pk: (a.accumulated, a.net)
            for a in selectors.with_book_values(Asset.objects.filter(pk__in=ids), as_of)
        }
        rows = list(Asset.objects.filter(pk__in=ids))
        with django_assert_max_num_queries(2):
            dep.book_values(rows, as_of)
        assert {a.pk: (a.accumulated, a.net) for a in rows} == by_sql, as_of
    assert by_sql[posted.pk][0] == dep.money(posted.original_value)
    rows = list(Asset.objects.filter(pk=posted.pk))
    dep.book_values(rows, D(2024, 6, 30))
    assert rows[0].accumulated == M("612.34")


def test_the_posted_figure_is_read_without_sorting_or_joining_per_asset(school):
    """The posted figure is a subquery run once per asset of a ledger (100,000 on
    a big one): the entries' default order once joined the asset and sorted for
    every row, and the ledger at 100,000 assets took minutes instead of seconds."""
    sql = str(
        Asset.objects.order_by()
        .annotate(posted=dep.posted_expression(month(2024, 1)))
        .query
    )
    inner = sql[sql.index("(SELECT") :]
    assert "ORDER BY" not in inner
    assert inner.count("JOIN") == 1  # the entry's month, for its status


def test_closing_a_month_refreshes_the_entries_statistics_on_postgresql(
    school, accountant
):
    """A close writes a row per asset at once; on PostgreSQL the closing
    transaction gathers the table's statistics, so the ledger of the month just
    closed is planned along (asset, month), not the month's 100,000 entries per
    asset (minutes, measured in the bench at 100,000 assets)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    AssetFactory(school=school, acquired_on=D(2024, 1, 15))
    with CaptureQueriesContext(connection) as captured:
        close(school, accountant, (2024, 1))
    analyzed = [q["sql"] for q in captured if q["sql"].startswith("ANALYZE")]
    if connection.vendor == "postgresql":
        assert analyzed == [
            "ANALYZE assets_depreciationentry (asset_id, month, period_id)"
        ]
    else:
        assert analyzed == []
