"""Closing a depreciation month (月末计提) against a bare INSERT … SELECT of the same
rows, and the depreciation ledger's page over a posted month (constant queries)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Value
from django.utils import timezone

from assets import depreciation, posting
from assets.models import Asset, DepreciationEntry, DepreciationMonth
from bench.harness import ROWS, BenchError, case


def _month(bench):
    """The month the school would close next (this month if it closed none)."""
    month = posting.first_open_month(bench.school.pk)
    today = depreciation.month_index(timezone.localdate())
    return today if month is None or month > today else month


@case("depreciation.close", user="accountant", app="assets")
def close_month(bench):
    accountant = get_user_model().objects.get(username="accountant")
    month = _month(bench)
    table = DepreciationEntry._meta.db_table

    def bare():
        # The same rows, with the schedule's monthly figure read as it is: what
        # any INSERT … SELECT of them costs, without the month rule's arithmetic.
        with transaction.atomic():
            period = DepreciationMonth.objects.create(
                school=bench.school, month=month, closed_by=accountant
            )
            rows = (
                Asset.objects.filter(
                    school=bench.school,
                    depreciation_months__gt=0,
                    depreciation_start__lte=month,
                )
                .exclude(depreciation_end__lt=month)
                .annotate(
                    b_school=F("school_id"),
                    b_period=Value(period.pk),
                    b_month=Value(month),
                    b_asset=F("pk"),
                    b_amount=F("monthly_depreciation"),
                    b_accumulated=F("monthly_depreciation"),
                    b_net=F("original_value"),
                    b_category=F("category_id"),
                    b_department=F("department_id"),
                    b_funding=F("funding_source"),
                    b_use=F("expense_use"),
                )
                .order_by()
                .values(
                    "b_school",
                    "b_period",
                    "b_month",
                    "b_asset",
                    "b_amount",
                    "b_accumulated",
                    "b_net",
                    "b_category",
                    "b_department",
                    "b_funding",
                    "b_use",
                )
            )
            written = posting.insert_select(rows, table, posting.ENTRY_COLUMNS)
            if written == 0 and Asset.objects.exists():
                raise BenchError("the bare INSERT … SELECT wrote no rows")
            transaction.set_rollback(True)

    def close():
        with transaction.atomic():
            period = posting.month_close(
                school=bench.school, by=accountant, month=month
            )
            if period.assets == 0 and Asset.objects.exists():
                raise BenchError("closing the month posted nothing")
            transaction.set_rollback(True)

    plain = bench.timed("bare INSERT … SELECT of the month's rows", bare, expect=ROWS)
    yield plain
    yield bench.timed(
        "close a month (one INSERT … SELECT, the month rule in SQL)",
        close,
        expect=ROWS,
        baseline=plain,
    )


@case("depreciation.ledger", user="accountant", app="assets")
def ledger_page(bench):
    accountant = get_user_model().objects.get(username="accountant")
    month = _month(bench)
    day = depreciation.month_start(month)
    url = f"/assets/depreciation/?year={day.year}&month={day.month}"
    yield bench.page("depreciation ledger, open month", url, expect=ROWS)
    with transaction.atomic():
        period = posting.month_close(school=bench.school, by=accountant, month=month)
        yield bench.page("depreciation ledger, posted month", url, expect=ROWS)
        yield bench.page(
            "voucher summary of the posted month",
            period.get_absolute_url(),
            expect=ROWS,
        )
        transaction.set_rollback(True)
