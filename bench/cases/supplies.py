"""The warehouse's figures: the stock and low-stock lists, the ledger export and
the cost of one issue against a bare conditional UPDATE plus INSERT."""

import tempfile
import time
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from bench.harness import FLAT, MAX_RUNS, MIN_RUNS, ROWS, BenchError, Figure, case


@case("supplies.lists", user="keeper", app="supplies")
def stock_lists(bench):
    # Both lists keep the same number of queries at every scale; their time is
    # set against the SQL they run (against_sql).
    yield bench.page("stock list, first page", "/supplies/", against_sql=True)
    yield bench.page(
        "stock list, search", "/supplies/?q=测试物品1", expect=ROWS, against_sql=True
    )
    yield bench.page("low-stock list", "/supplies/low/", expect=ROWS, against_sql=True)


@case("supplies.ledger_export", user="accountant", app="supplies")
def ledger_export(bench):
    """The movement ledger written by the export (labels, totals, formats) against
    ``write_xlsx`` on the bare rows of the same query."""
    from logistics.excel import Column, write_xlsx
    from supplies.exports import MOVEMENT_FIELDS, movement_export
    from supplies.models import StockMovement

    queryset = StockMovement.objects.for_school(bench.school).order_by("-at", "-id")
    if not queryset.exists():
        raise BenchError("no movements to export")

    def bare():
        with tempfile.TemporaryFile() as spool:
            write_xlsx(
                spool,
                columns=[Column(name) for name in MOVEMENT_FIELDS],
                rows=queryset.values_list(*MOVEMENT_FIELDS).iterator(chunk_size=5000),
                title="bare",
            )

    def export():
        kwargs = movement_export(queryset, school=bench.school)
        kwargs.pop("filename")
        with tempfile.TemporaryFile() as spool:
            write_xlsx(spool, **kwargs)

    baseline = bench.timed("write_xlsx, bare rows", bare, expect=ROWS)
    yield baseline
    yield bench.timed("movement ledger export", export, expect=ROWS, baseline=baseline)


@case("supplies.issue", user="keeper", app="supplies")
def one_issue(bench):
    """One issue through the service (``supplies.issue``: the movement's INSERT …
    SELECT and the item's conditional UPDATE, in one transaction) against the bare
    conditional UPDATE plus INSERT written by hand, also in a transaction of its
    own. The two are timed in alternation, one run of each per round, so a busy
    moment on the machine weighs on both alike."""
    from supplies import ledger, services
    from supplies.choices import MovementKind
    from supplies.models import Item, StockMovement

    keeper = bench.user
    item, _created = Item.objects.get_or_create(
        school=bench.school,
        code="BENCH-ISSUE",
        defaults={"name": "测试发放", "unit": "个", "last_unit_cost": Decimal("1")},
    )
    if item.on_hand < 100_000:
        ledger.post(
            item=item,
            kind=MovementKind.RECEIPT,
            quantity=Decimal(1_000_000),
            unit_cost=Decimal("1.00"),
            by=keeper,
        )
    table = StockMovement._meta.db_table
    items = Item._meta.db_table
    qn = connection.ops.quote_name

    def bare():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {qn(items)} SET on_hand = on_hand - 1, "
                "on_hand_value = on_hand_value - 1 WHERE id = %s AND on_hand >= 1",
                [item.pk],
            )
            cursor.execute(
                f"INSERT INTO {qn(table)} (school_id, item_id, kind, quantity, "
                "unit_cost, value, on_hand_after, source_label, source_url, purpose, "
                "returned_quantity, by_id, at) VALUES "
                "(%s, %s, 'issue', -1, 1, -1, 0, 'bench', '', '', 0, %s, %s)",
                [bench.school.pk, item.pk, keeper.pk, timezone.now()],
            )

    def issue():
        services.issue(
            by=keeper,
            school_id=bench.school.pk,
            item_code=item.code,
            quantity=Decimal(1),
            purpose="bench",
            source_label="bench",
        )

    bare_ms, issue_ms = [], []
    for func in (bare, issue, bare, issue):  # warm both
        func()
    rounds = max(MIN_RUNS, min(4 * MAX_RUNS, int(bench.budget / 0.0005)))
    for _ in range(rounds):
        for func, samples in ((bare, bare_ms), (issue, issue_ms)):
            start = time.perf_counter()
            func()
            samples.append((time.perf_counter() - start) * 1000)
    baseline = Figure.of("bare conditional UPDATE + INSERT", bare_ms, expect=FLAT)
    yield baseline
    figure = Figure.of("one issue through supplies.issue", issue_ms, expect=FLAT)
    figure.baseline, figure.baseline_ms = baseline.label, baseline.ms
    yield figure
