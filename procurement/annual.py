"""Procurement's part of the annual logistics report (采购与经费): three aggregate
queries whatever the number of requests.

Decisions are counted from the status log (each request once, however often it
was submitted or rejected): the request's own ``submitted_at`` is the latest
submission only, and a rejection leaves no date on the request. Money paid is
by payment date; the budget figures are the fiscal year's lines as the budget
report computes them (``BudgetLine.with_figures``).
"""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.annual import (
    COUNT,
    MONEY,
    PERCENT,
    Figure,
    Section,
    percent,
    year_bounds,
    year_moments,
)
from logistics.models import TransitionLog, of_model

from .choices import SPENT, PurchaseStatus
from .models import ZERO, BudgetLine, PurchaseRequest
from .selectors import LIST_PERMISSIONS

S = PurchaseStatus
REQUESTS = (pgettext_lazy("unit", "request"), pgettext_lazy("unit", "requests"))


def decisions(school_id, year):
    """{status: requests moved to it in ``year``} for submitted, approved and
    rejected, each request counted once: one query."""
    start, end = year_moments(year)
    counts = (
        TransitionLog.objects.status_changes()
        .filter(
            of_model(PurchaseRequest),
            school_id=school_id,
            to_state__in=[S.SUBMITTED, S.APPROVED, S.REJECTED],
            at__gte=start,
            at__lt=end,
        )
        .aggregate(
            **{
                str(status): Count(
                    "object_id", distinct=True, filter=Q(to_state=status)
                )
                for status in (S.SUBMITTED, S.APPROVED, S.REJECTED)
            }
        )
    )
    return {S(key): value for key, value in counts.items()}


def payments_and_overrides(school_id, year):
    """Money paid in ``year`` (what was accepted, by payment date) and the requests
    allowed over their budget line in it: one query."""
    first, last = year_bounds(year)
    start, end = year_moments(year)
    paid = Q(status__in=SPENT, paid_on__gte=first, paid_on__lte=last)
    overridden = Q(override_at__gte=start, override_at__lt=end)
    return PurchaseRequest.objects.filter(
        Q(school_id=school_id) & (paid | overridden)
    ).aggregate(
        paid=Sum("actual_total", filter=paid, default=ZERO),
        overridden=Count("pk", filter=overridden),
    )


def budget_of(school_id, year):
    """The fiscal year ``year``'s budget (plan with adjustments), committed and
    spent, summed over its lines: one query."""
    return (
        BudgetLine.objects.filter(school_id=school_id, fiscal_year__year=year)
        .with_figures()
        # Named apart from the annotations they sum: an aggregate named like an
        # annotation takes its place and sums nothing.
        .aggregate(
            budget_total=Sum("adjusted", default=ZERO),
            committed_total=Sum("committed", default=ZERO),
            spent_total=Sum("spent", default=ZERO),
        )
    )


def annual_section(school_id, year):
    counts = decisions(school_id, year)
    money = payments_and_overrides(school_id, year)
    budget = budget_of(school_id, year)
    return Section(
        title=_("Procurement and budget"),
        order=30,
        url=reverse("procurement:list"),
        url_permission=LIST_PERMISSIONS,
        figures=[
            Figure(
                _("Purchase requests submitted"), counts[S.SUBMITTED], COUNT, REQUESTS
            ),
            Figure(
                _("Requests approved in the year"), counts[S.APPROVED], COUNT, REQUESTS
            ),
            Figure(
                _("Requests rejected in the year"), counts[S.REJECTED], COUNT, REQUESTS
            ),
            Figure(_("Paid in the year (by payment date)"), money["paid"], MONEY),
            Figure(
                _("Budget of the fiscal year (with adjustments)"),
                budget["budget_total"],
                MONEY,
            ),
            Figure(
                _("Committed on it (approved, not paid)"),
                budget["committed_total"],
                MONEY,
            ),
            Figure(_("Spent from it (paid)"), budget["spent_total"], MONEY),
            Figure(
                _("Share of the budget used"),
                percent(
                    budget["committed_total"] + budget["spent_total"],
                    budget["budget_total"],
                ),
                PERCENT,
            ),
            Figure(
                _("Requests allowed over budget in the year"),
                money["overridden"],
                COUNT,
                REQUESTS,
            ),
        ],
    )
