"""What people see of purchases and budgets: scoped queries, figures, home cards."""

from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from logistics.approvals.models import Approval, ApprovalDecision
from logistics.approvals.selectors import waiting_for
from logistics.registry import HomeCard, RecentRequest

from .choices import STATUSES, PurchaseStatus
from .conf import procurement_rule
from .models import BudgetLine, PurchaseRequest
from .workflows import APPROVAL_KIND

S = PurchaseStatus
AFTER_APPROVAL = frozenset({S.APPROVED, S.ORDERED, S.RECEIVED, S.CLOSED})


def sees_all(user):
    return user.has_perm("procurement.view_all_purchaserequest")


# The list of the school's purchases: those who see them all, and the
# storekeeper, who orders and accepts what was approved (and sees those).
LIST_PERMISSIONS = (
    "procurement.view_all_purchaserequest",
    "procurement.order_purchaserequest",
    "procurement.accept_purchaserequest",
)


def purchases_visible_to(user):
    """The director, head and accountant see the school's; an approver what waits
    for them and what they decided; everyone their own."""
    queryset = PurchaseRequest.objects.for_user(user)
    if sees_all(user):
        return queryset
    decided = ApprovalDecision.objects.filter(
        approval__kind=APPROVAL_KIND, approval__school_id=user_school(user)
    ).filter(Q(decided_by=user) | Q(on_behalf_of=user))
    waiting = [
        item.approval.object_id
        for item in waiting_for(user)
        if item.approval.kind == APPROVAL_KIND
    ]
    seen = (
        Q(requester=user)
        | Q(pk__in=decided.values("approval__object_id"))
        | Q(pk__in=waiting)
    )
    if user.has_perm("procurement.accept_purchaserequest") or user.has_perm(
        "procurement.order_purchaserequest"
    ):
        # The storekeeper orders and accepts what was approved.
        seen |= Q(status__in=AFTER_APPROVAL)
    return queryset.filter(seen)


def user_school(user):
    from logistics.scoping import school_id_of

    return school_id_of(user)


def may_see_purchase(user, purchase):
    return purchases_visible_to(user).filter(pk=purchase.pk).exists()


def over_budget_by(purchase):
    """How much the request's total exceeds what is left on its line (≤ 0: fits)."""
    if purchase.budget_line_id is None:
        return Decimal("0")
    line = BudgetLine.objects.with_figures().get(pk=purchase.budget_line_id)
    remaining = line.remaining
    if purchase.status in {S.APPROVED, S.ORDERED, S.RECEIVED, S.CLOSED}:
        return Decimal("0")
    return purchase.estimated_total - remaining


def budget_lines(user, year=None):
    queryset = BudgetLine.objects.for_user(user).with_figures()
    if year is not None:
        queryset = queryset.filter(fiscal_year=year)
    return queryset.select_related("fiscal_year", "department").order_by(
        "-fiscal_year__year", "code"
    )


def open_budget_lines(user):
    """Lines a request may charge: open years, lines in use, with what is left."""
    return budget_lines(user).filter(is_active=True, fiscal_year__is_closed=False)


def near_limit(lines, percent):
    """The lines (with figures) of which at least ``percent`` % is used."""
    share = Decimal(percent) / 100
    return [
        line
        for line in lines
        if line.adjusted > 0 and (line.committed + line.spent) >= line.adjusted * share
    ]


def approval_rows(purchase):
    """The request's approvals (each submitted version's), newest last, with their
    stages and decisions."""
    from logistics.approvals.selectors import stages_with_decisions

    approvals = list(
        Approval.objects.filter(
            school_id=purchase.school_id, kind=APPROVAL_KIND, object_id=purchase.pk
        ).order_by("started_at", "id")
    )
    return [(approval, stages_with_decisions(approval)) for approval in approvals]


def home_cards(user):
    cards = []
    if not user.has_perm("procurement.add_purchaserequest"):
        return cards
    base = PurchaseRequest.objects.for_user(user)
    if user.has_perm("procurement.order_purchaserequest"):
        cards.append(
            HomeCard(
                _("Purchases to order"),
                base.filter(status=S.APPROVED).count(),
                reverse("procurement:list") + "?status=approved",
                STATUSES.tone(S.APPROVED),
            )
        )
    if user.has_perm("procurement.pay_purchaserequest"):
        cards.append(
            HomeCard(
                _("Purchases to pay"),
                base.filter(status=S.RECEIVED).count(),
                reverse("procurement:list") + "?status=received",
                STATUSES.tone(S.RECEIVED),
            )
        )
    if user.has_perm("procurement.view_budget_report"):
        percent = procurement_rule(user_school(user), "NEAR_LIMIT_PERCENT")
        lines = open_budget_lines(user)
        cards.append(
            HomeCard(
                _("Budget lines near their limit (%(percent)d%%)")
                % {"percent": percent},
                len(near_limit(lines, percent)),
                reverse("procurement:budget") + "?near=1",
                "warning",
                todo=False,
            )
        )
    # What waits for the user's decision is the core's "待我审批" card.
    return cards


def recent_requests(user):
    rows = (
        PurchaseRequest.objects.for_user(user)
        .filter(requester=user)
        .order_by("-created_at", "-id")[:10]
    )
    return [
        RecentRequest(
            _("Purchase %(number)s: %(title)s")
            % {"number": purchase.number, "title": purchase.title},
            purchase.get_absolute_url(),
            purchase.get_status_display(),
            purchase.created_at,
        )
        for purchase in rows
    ]


def attachments_visible_to(user):
    from .models import PurchaseAttachment

    return PurchaseAttachment.objects.filter(request__in=purchases_visible_to(user))


def acceptances_visible_to(user):
    from .models import Acceptance

    return Acceptance.objects.filter(request__in=purchases_visible_to(user))


def by_department(lines):
    """The figures of ``lines`` (with figures) summed per owner department."""
    from .exports import FIGURES

    groups = {}
    for line in lines:
        name = line.department.name if line.department_id else _("No department")
        row = groups.setdefault(
            name, {"name": name, **{key: Decimal("0") for key in FIGURES}}
        )
        for key in FIGURES:
            row[key] += getattr(line, key)
    return sorted(groups.values(), key=lambda row: row["name"])
