"""The repairs figures: the head's queue and the repair ledger export."""

import datetime
import tempfile

from bench.harness import FLAT, ROWS, BenchError, case


@case("repairs.queue", user="head", app="repairs")
def queue(bench):
    from repairs.models import RepairRequest  # inside: the module loads without the app

    yield bench.page("queue, open, first page", "/repairs/queue/", expect=FLAT)
    yield bench.page("queue, all, first page", "/repairs/queue/?status=", expect=FLAT)
    yield bench.page("queue, search", "/repairs/queue/?status=&q=灯管", expect=ROWS)
    repair = RepairRequest.objects.for_school(bench.school).order_by("pk").first()
    if repair is None:
        raise BenchError("no repair request to show")
    yield bench.page("detail", repair.get_absolute_url())


@case("repairs.export", user="accountant", app="repairs")
def ledger_export(bench):
    written = []
    plain = bench.timed(
        "plain openpyxl, same rows",
        lambda: written.append(write_plain_xlsx(bench.school)),
        expect=ROWS,
        memory=True,
    )
    yield plain
    export = bench.page(
        "GET /repairs/export/?status=",
        "/repairs/export/?status=",
        expect=ROWS,
        baseline=plain,
        memory=True,
    )
    if export.size < written[-1] / 2:
        raise BenchError("the ledger export is far smaller than its rows: rows missing")
    yield export


def write_plain_xlsx(school):
    """The same rows written plainly with openpyxl write-only; returns the size."""
    from openpyxl import Workbook

    from repairs.exports import LEDGER_FIELDS
    from repairs.models import RepairRequest

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    rows = (
        RepairRequest.objects.for_school(school)
        .values_list(*LEDGER_FIELDS)
        .iterator(chunk_size=2000)
    )
    for row in rows:
        # Excel cells hold no time zone: the least any export must do.
        sheet.append(
            [
                v.replace(tzinfo=None) if isinstance(v, datetime.datetime) else v
                for v in row
            ]
        )
    with tempfile.TemporaryFile() as spool:
        workbook.save(spool)
        return spool.tell()
