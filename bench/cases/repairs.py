"""The repairs figures: the head's queue and the repair ledger export."""

from bench.harness import ROWS, BenchError, case


@case("repairs.queue", user="head", app="repairs")
def queue(bench):
    from repairs.models import RepairRequest  # inside: the module loads without the app

    # Every row is sorted (urgency, then age) to find a page: the SQL grows with
    # the requests; the page around it should not (against_sql).
    yield bench.page(
        "queue, open, first page", "/repairs/queue/", expect=ROWS, against_sql=True
    )
    yield bench.page(
        "queue, all, first page",
        "/repairs/queue/?status=",
        expect=ROWS,
        against_sql=True,
    )
    yield bench.page(
        "queue, all, last page",
        "/repairs/queue/?status=&page=last",
        expect=ROWS,
        against_sql=True,
    )
    yield bench.page("queue, search", "/repairs/queue/?status=&q=灯管", expect=ROWS)
    repair = RepairRequest.objects.for_school(bench.school).order_by("pk").first()
    if repair is None:
        raise BenchError("no repair request to show")
    yield bench.page("detail", repair.get_absolute_url())


@case("repairs.export", user="accountant", app="repairs")
def ledger_export(bench):
    from repairs.exports import LEDGER_FIELDS
    from repairs.models import RepairRequest

    def rows():
        queryset = RepairRequest.objects.for_school(bench.school)
        return queryset.values_list(*LEDGER_FIELDS).iterator(chunk_size=2000)

    return bench.export_against_plain("/repairs/export/?status=", rows)
