"""Who may open each procurement URL (read by tests/test_permission_walk.py)."""

import datetime

from logistics.roles import Role
from procurement import services

from ..access import ANY, Access, roles
from ..factories import image_file, make_user
from .factories import budget_line, draft, supplier

SEES_ALL = roles(Role.LOGISTICS_HEAD, Role.ACCOUNTANT, Role.DIRECTOR)
APPROVERS = roles(Role.LOGISTICS_HEAD, Role.DIRECTOR)
STORE = roles(Role.LOGISTICS_HEAD, Role.STOREKEEPER)
ACCOUNTANT = roles(Role.ACCOUNTANT)
SUPPLIERS = roles(Role.LOGISTICS_HEAD, Role.ACCOUNTANT, Role.DIRECTOR, Role.STOREKEEPER)
REDIRECT = frozenset({302})
TODAY = datetime.date.today()


def own_draft(world, school):
    purchase = draft(world.actor(school), line_of=budget_line(school))
    return {"pk": purchase.pk}


def own_submitted(world, school):
    purchase = draft(world.actor(school), line_of=budget_line(school))
    services.purchase_submit(purchase=purchase, by=world.actor(school))
    return {"pk": purchase.pk}


def _someones(world, school, status):
    """A request of a staff member who is nobody else in the walk."""
    requester = make_user(school, Role.STAFF)
    purchase = draft(requester, line_of=budget_line(school))
    if status == "draft":
        return purchase
    services.purchase_submit(purchase=purchase, by=requester)
    if status == "submitted":
        return purchase
    head = world.user(school, Role.LOGISTICS_HEAD.value)
    services.purchase_approve(purchase=purchase, by=head)
    if status == "approved":
        return purchase
    store = world.user(school, Role.STOREKEEPER.value)
    services.purchase_order(
        purchase=purchase, by=store, supplier=supplier(school), ordered_on=TODAY
    )
    if status == "ordered":
        return purchase
    purchase.refresh_from_db()
    services.purchase_accept(
        purchase=purchase,
        by=store,
        witness=head,
        accepted_on=TODAY,
        received={
            item.pk: (item.quantity, item.estimated_unit_price)
            for item in purchase.lines.all()
        },
    )
    return purchase


def someones(status):
    def build(world, school):
        return {"pk": _someones(world, school, status).pk}

    return build


def over_budget_draft(world, school):
    requester = make_user(school, Role.STAFF)
    small = budget_line(school, amount="10.00", code="999", name="小额")
    return {"pk": draft(requester, line_of=small).pk}


def a_line(world, school):
    return {"pk": budget_line(school).pk}


def post(allowed=ANY, kwargs=None, data=None):
    return Access(
        allowed=allowed,
        kwargs=kwargs,
        method="post",
        ok_status=REDIRECT | {200},
        data=data or {},
    )


ACCESS = {
    "procurement:mine": Access(),
    "procurement:new": Access(),
    # The storekeeper lists what was approved, to order and accept it.
    "procurement:list": Access(allowed=SEES_ALL | STORE),
    "procurement:export": Access(allowed=SEES_ALL),
    "procurement:detail": Access(kwargs=own_draft),
    "procurement:edit": Access(kwargs=own_draft),
    "procurement:pdf": Access(kwargs=own_draft),
    "procurement:submit": post(kwargs=own_draft),
    "procurement:attach": post(kwargs=own_draft),
    "procurement:withdraw": post(kwargs=own_submitted),
    "procurement:override": post(
        APPROVERS, over_budget_draft, {"override-reason": "急需"}
    ),
    "procurement:approve": post(SEES_ALL, someones("submitted")),
    "procurement:reject": post(
        SEES_ALL, someones("submitted"), {"reject-comment": "不需要"}
    ),
    "procurement:order": post(STORE, someones("approved")),
    "procurement:accept": post(STORE, someones("ordered")),
    "procurement:pay": post(ACCOUNTANT, someones("received")),
    "procurement:budget": Access(allowed=SEES_ALL),
    "procurement:budget-export": Access(allowed=SEES_ALL),
    "procurement:budget-line": Access(allowed=SEES_ALL, kwargs=a_line),
    "procurement:year-new": post(ACCOUNTANT, data={"year": "2031"}),
    "procurement:line-new": post(ACCOUNTANT),
    "procurement:budget-adjust": post(
        ACCOUNTANT, a_line, {"amount": "100", "reason": "追加"}
    ),
    "procurement:suppliers": Access(allowed=SUPPLIERS),
    "procurement:supplier-new": post(STORE, data={"name": "新供应商"}),
}


def attachment_on_request(world, school):
    from django.core.files.base import ContentFile
    from django.urls import reverse

    requester = world.user(school, Role.STAFF.value)
    purchase = draft(requester, line_of=budget_line(school))
    attachment = services.purchase_attach(
        purchase=purchase,
        by=requester,
        file=ContentFile(b"%PDF-1.4 quote", name="quote.pdf"),
    )
    return attachment, reverse("procurement:detail", args=[purchase.pk])


def delivery_note(world, school):
    from django.urls import reverse

    from procurement.models import Acceptance

    purchase = _someones(world, school, "received")
    acceptance = Acceptance.objects.get(request=purchase)
    acceptance.delivery_note.save("note.png", image_file("note.png"))
    return acceptance, reverse("procurement:detail", args=[purchase.pk])


FILES = {
    "procurement.purchaseattachment": attachment_on_request,
    "procurement.acceptance": delivery_note,
}
