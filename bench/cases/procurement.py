"""The procurement figures: the approval inbox with the purchases waiting, the
purchase list and budget, and the procurement ledger export (one row per line)."""

from bench.harness import FLAT, ROWS, BenchError, case


@case("procurement.inbox", user="head", app="procurement")
def inbox(bench):
    # Every purchase waiting for the head is listed: the page grows with them,
    # its queries must not.
    yield bench.page("approval inbox", "/approvals/", expect=ROWS)


@case("procurement.pages", user="accountant", app="procurement")
def pages(bench):
    from procurement.models import PurchaseRequest

    yield bench.page(
        "all purchases, first page", "/procurement/all/", expect=ROWS, against_sql=True
    )
    yield bench.page(
        "all purchases, last page",
        "/procurement/all/?page=last",
        expect=ROWS,
        against_sql=True,
    )
    yield bench.page("budget with figures", "/procurement/budget/", expect=FLAT)
    purchase = (
        PurchaseRequest.objects.for_school(bench.school)
        .filter(status="closed")
        .order_by("pk")
        .first()
    )
    if purchase is None:
        raise BenchError("no closed purchase to show")
    yield bench.page("purchase page", purchase.get_absolute_url())
    yield bench.page("approval form PDF", f"/procurement/{purchase.pk}/form.pdf")


@case("procurement.export", user="accountant", app="procurement")
def ledger_export(bench):
    from procurement.exports import LEDGER_FIELDS
    from procurement.models import PurchaseLine

    def rows():
        lines = PurchaseLine.objects.filter(request__school=bench.school)
        return lines.values_list(*LEDGER_FIELDS).iterator(chunk_size=2000)

    return bench.export_against_plain("/procurement/export/", rows)
