"""Budgets and purchases for the tests, built through the services."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile

from logistics.scoping import school_id_of
from procurement import services
from procurement.models import BudgetLine, FiscalYear, PurchaseRequest, Supplier

TODAY = datetime.date.today()


def budget_line(
    school, amount="100000.00", code="302", name="设备购置费", department=None
):
    year, _ = FiscalYear.objects.get_or_create(school=school, year=TODAY.year)
    line, _ = BudgetLine.objects.get_or_create(
        school=school,
        fiscal_year=year,
        code=code,
        defaults={"name": name, "amount": Decimal(amount), "department": department},
    )
    return line


def supplier(school, name="文华办公用品公司"):
    return Supplier.objects.get_or_create(school=school, name=name)[0]


def line(name="A4复印纸", quantity="10", price="25.00", kind="consumable", **extra):
    return {
        "name": name,
        "specification": extra.pop("specification", "70g 500张"),
        "quantity": Decimal(quantity),
        "unit": extra.pop("unit", "包"),
        "estimated_unit_price": Decimal(price),
        "kind": kind,
        **extra,
    }


def draft(by, *, total=None, lines=None, line_of=None, title="办公用品采购"):
    """A draft of ``by`` charged to ``line_of`` (a budget line), its total ``total``
    as one line unless ``lines`` are given."""
    if lines is None:
        lines = [line(quantity="1", price=str(total or "250.00"))]
    if line_of is None:
        from logistics.models import School

        line_of = budget_line(School.objects.get(pk=school_id_of(by)))
    return services.purchase_create(
        by=by, title=title, reason="教学需要", budget_line=line_of, lines=lines
    )


def quotes(purchase, by, count=3):
    for n in range(count):
        services.purchase_attach(
            purchase=purchase,
            by=by,
            file=ContentFile(b"%PDF-1.4 quote", name=f"quote{n}.pdf"),
            kind="quote",
            supplier_name=f"供应商{n}",
            amount=Decimal("100.00"),
        )


def submitted(by, **kwargs):
    purchase = draft(by, **kwargs)
    if purchase.estimated_total >= Decimal("10000"):
        quotes(purchase, by)
    return services.purchase_submit(purchase=purchase, by=by)


def reload(purchase):
    return PurchaseRequest.objects.get(pk=purchase.pk)
