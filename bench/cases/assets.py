"""The asset ledger's figures: the filtered list with totals, the export, the import."""

import datetime
import io
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

import tablib

from assets import depreciation, importing
from assets.exports import ledger_fields
from assets.models import Asset, Category
from assets.resources import AssetResource, template_headers
from bench.harness import FLAT, ROWS, BenchError, case

IMPORT_ROWS = 10_000


@case("assets.list", user="accountant", app="assets")
def ledger_list(bench):
    # The totals sum every row the filters select, so the first page's SQL grows
    # with the ledger; the page around it should not (against_sql). The page is
    # built afresh each time here (its content cache off): what the first view
    # after a change costs. The repeat, from the content cache, comes last.
    with afresh():
        yield bench.page(
            "list with totals, first page", "/assets/", expect=ROWS, against_sql=True
        )
        yield bench.page(
            "list, last page", "/assets/?page=last", expect=ROWS, against_sql=True
        )
        computers = Category.objects.for_school(bench.school).get(code="2010000")
        yield bench.page(
            "list, category filter with totals",
            f"/assets/?category_id={computers.pk}",
            expect=ROWS,
            against_sql=True,
        )
        yield bench.page("list, search", "/assets/?q=计算机", expect=ROWS)
    yield bench.page("list, first page again (content cached)", "/assets/")
    asset = Asset.objects.for_school(bench.school).order_by("pk").first()
    if asset is None:
        raise BenchError("no asset to show")
    yield bench.page("asset page", asset.get_absolute_url())


def afresh():
    """The ledger's content cache off (logistics/listing.py)."""
    return override_settings(
        LOGISTICS={**settings.LOGISTICS, "LIST_CONTENT_CACHE": False}
    )


@case("assets.gunicorn", user="accountant", app="assets")
def ledger_under_gunicorn(bench):
    # Two windows each for the list and /healthz: 4 × 1 s quick, 4 × 4 s in full.
    window = 1.0 if bench.budget < 1 else 4.0
    cached = bench.throughput(
        "list with totals, first page",
        "/assets/",
        window=window,
        # The accountant's own background jobs, none: the layout alone.
        bare=("bare signed-in page (own jobs, none)", reverse("job-list")),
    )
    # The same page built afresh on every request (the first view after a
    # change), in a server of its own with the content cache off.
    (fresh,) = bench.throughput(
        "list with totals, first page, built afresh",
        "/assets/",
        window=window,
        environ={"LIST_CONTENT_CACHE": "0"},
    )
    fresh.bare_rps = cached[1].rps
    fresh.goal = False  # the goal is the page as served; this is its worst case
    return [*cached, fresh]


@case("assets.export", user="accountant", app="assets")
def ledger_export(bench):
    # The same rows, book values included, as the export's own query gives them.
    return bench.export_against_plain(
        "/assets/export/",
        lambda: ledger_fields(
            Asset.objects.for_school(bench.school).exclude(status="disposed"),
            datetime.date.today(),
        ).iterator(chunk_size=2000),
    )


@case("assets.import", user="accountant", app="assets")
def ledger_import(bench):
    headers = template_headers()
    header_of = {name: str(header) for name, header in importing.columns().items()}
    dataset = tablib.Dataset(headers=headers)
    for n in range(IMPORT_ROWS):
        values = dict.fromkeys(headers, "")
        cells = {
            "number": f"IMP-{n:06d}",
            "name": "学生课桌",
            "category": "6010000",
            "quantity": "1",
            "unit": "张",
            "unit_price": "260.00",
            "acquired_on": "2023-09-01",
        }
        values.update({header_of[name]: value for name, value in cells.items()})
        dataset.append([values[h] for h in headers])
    workbook = dataset.export("xlsx")
    category = Category.objects.for_school(bench.school).get(code="6010000")
    user = get_user_model().objects.get(username="accountant")

    def bulk():
        with transaction.atomic():
            rows = []
            for n in range(IMPORT_ROWS):
                asset = Asset(
                    school=bench.school,
                    number=f"IMP-{n:06d}",
                    name="学生课桌",
                    category=category,
                    unit="张",
                    unit_price=Decimal("260.00"),
                    original_value=Decimal("260.00"),
                    acquired_on=datetime.date(2023, 9, 1),
                )
                depreciation.apply_schedule(asset)
                rows.append(asset)
            Asset.objects.bulk_create(rows, batch_size=2000)
            transaction.set_rollback(True)

    history_fields = [
        field.attname
        for field in Asset.history.model._meta.fields
        if not field.name.startswith("history_")
    ]

    def bulk_with_history():
        # The floor for an import that keeps a history record of each new card:
        # the cards and their history rows, each inserted in bulk.
        with transaction.atomic():
            rows = []
            for n in range(IMPORT_ROWS):
                asset = Asset(
                    school=bench.school,
                    number=f"IMP-{n:06d}",
                    name="学生课桌",
                    category=category,
                    unit="张",
                    unit_price=Decimal("260.00"),
                    original_value=Decimal("260.00"),
                    acquired_on=datetime.date(2023, 9, 1),
                )
                depreciation.apply_schedule(asset)
                rows.append(asset)
            Asset.objects.bulk_create(rows, batch_size=2000)
            now = timezone.now()
            Asset.history.model.objects.bulk_create(
                [
                    Asset.history.model(
                        **{name: getattr(asset, name) for name in history_fields},
                        history_date=now,
                        history_type="+",
                        history_user=user,
                        history_change_reason="imported from Excel",
                    )
                    for asset in rows
                ],
                batch_size=2000,
            )
            transaction.set_rollback(True)

    def run(commit):
        report = importing.import_ledger(
            school_id=bench.school.pk, dataset=dataset, by=user, commit=commit
        )
        if not report.ok or report.totals["new"] != IMPORT_ROWS:
            raise BenchError("the bench import has row errors")
        return report

    def confirmed():
        with transaction.atomic():
            if not run(commit=True).committed:
                raise BenchError("the bench import wrote nothing")
            transaction.set_rollback(True)

    def admin():
        with transaction.atomic():
            result = AssetResource(school=bench.school, by=user).import_data(
                dataset, dry_run=False, use_transactions=True
            )
            if result.has_errors() or result.has_validation_errors():
                raise BenchError("the bench import has row errors")
            transaction.set_rollback(True)

    plain = bench.timed(f"bulk_create {IMPORT_ROWS:,} rows", bulk, expect=FLAT)
    yield plain
    yield bench.timed(
        f"read the {IMPORT_ROWS:,}-row .xlsx (first sheet, row by row)",
        lambda: importing.read_workbook(io.BytesIO(workbook)),
        expect=FLAT,
        baseline=plain,
    )
    yield bench.timed(
        f"preview {IMPORT_ROWS:,} rows (writes nothing)",
        lambda: run(commit=False),
        expect=FLAT,
        baseline=plain,
    )
    with_history = bench.timed(
        f"bulk_create {IMPORT_ROWS:,} rows + their history rows",
        bulk_with_history,
        expect=FLAT,
        baseline=plain,
    )
    yield with_history
    yield bench.timed(
        f"import {IMPORT_ROWS:,} rows with history",
        confirmed,
        expect=FLAT,
        baseline=with_history,
    )
    yield bench.timed(
        f"import {IMPORT_ROWS:,} rows, admin resource",
        admin,
        expect=FLAT,
        baseline=plain,
    )
