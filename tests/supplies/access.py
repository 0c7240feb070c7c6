"""Who may open each warehouse URL (read by tests/test_permission_walk.py)."""

import itertools
from decimal import Decimal

from logistics.roles import Role

from ..access import ANY, Access, roles

KEEPER = roles(Role.STOREKEEPER)
LEDGER = roles(Role.STOREKEEPER, Role.LOGISTICS_HEAD, Role.ACCOUNTANT)
PRINT_ALL = roles(Role.STOREKEEPER, Role.PRINT_ROOM, Role.LOGISTICS_HEAD, Role.DIRECTOR)
REDIRECT = frozenset({302})
NUMBERS = itertools.count(1)
# Everyone but the gate looks up the catalogue.
CATALOGUE = roles(*(r for r in Role if r != Role.GATE))


def item(world, school):
    from .factories import ItemFactory

    return {"pk": ItemFactory(school=school).pk}


def own_requisition(world, school):
    """A requisition of ``school`` asked by the acting user, waiting for approval."""
    from supplies.models import Requisition

    from .factories import ItemFactory

    requisition = Requisition.objects.create(
        school=school,
        number=f"LY-T{next(NUMBERS)}",
        requester=world.actor(school),
        purpose="测试",
    )
    requisition.lines.create(
        school=school, item=ItemFactory(school=school), quantity=Decimal(1)
    )
    return {"pk": requisition.pk}


def own_print_job(world, school, requester=None):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from supplies.models import PrintJob

    job = PrintJob.objects.create(
        school=school,
        number=f"WY-T{next(NUMBERS)}",
        requester=requester or world.actor(school),
        title="测试",
        original=ContentFile(b"%PDF-1.4\n", name="a.pdf"),
        pages=1,
        copies=1,
        sides=1,
        purpose="office",
        wanted_by=timezone.now(),
        sheets=1,
    )
    return {"pk": job.pk}


def distribution(world, school):
    from supplies.models import Distribution

    return {
        "pk": Distribution.objects.create(
            school=school,
            title="开学",
            created_by=world.user(school, Role.STOREKEEPER.value),
        ).pk
    }


def handover(world, school):
    from supplies.models import Distribution, Requisition

    dist = Distribution.objects.create(
        school=school,
        title="开学",
        created_by=world.user(school, Role.STOREKEEPER.value),
    )
    requisition = Requisition.objects.create(
        school=school,
        number=f"LY-D{next(NUMBERS)}",
        requester=world.user(school, Role.STOREKEEPER.value),
        purpose="开学",
        distribution=dist,
    )
    return {"pk": dist.pk, "requisition_pk": requisition.pk}


def school_class(world, school):
    from logistics.models import SchoolClass

    return {
        "pk": SchoolClass.objects.get_or_create(school=school, grade=7, number=1)[0].pk
    }


def count(world, school):
    from supplies.models import WarehouseCount

    return {
        "pk": WarehouseCount.objects.create(
            school=school,
            title="盘点",
            created_by=world.user(school, Role.STOREKEEPER.value),
        ).pk
    }


def post(allowed=ANY, kwargs=None, data=None):
    return Access(
        allowed=allowed,
        kwargs=kwargs,
        method="post",
        ok_status=REDIRECT | {200},
        data=data or {},
    )


ACCESS = {
    "supplies:item-list": Access(allowed=CATALOGUE),
    "supplies:item-detail": Access(allowed=CATALOGUE, kwargs=item),
    "supplies:stock-export": Access(allowed=LEDGER),
    "supplies:movement-list": Access(allowed=LEDGER),
    "supplies:movement-export": Access(allowed=LEDGER),
    "supplies:receive": Access(allowed=KEEPER),
    "supplies:low-stock": Access(allowed=KEEPER),
    "supplies:requisition-list": Access(),
    "supplies:requisition-create": Access(),
    "supplies:requisition-export": Access(allowed=LEDGER),
    "supplies:requisition-detail": Access(kwargs=own_requisition),
    "supplies:requisition-slip": Access(kwargs=own_requisition),
    # Who decides is the approval chain (the head by default), never the
    # requester: those who see the document reach the action and are refused
    # with a message.
    "supplies:requisition-approve": post(kwargs=own_requisition),
    "supplies:requisition-reject": post(kwargs=own_requisition),
    "supplies:requisition-issue": post(KEEPER, own_requisition),
    "supplies:requisition-confirm": post(kwargs=own_requisition),
    "supplies:requisition-cancel": post(kwargs=own_requisition),
    "supplies:distribution-list": Access(allowed=LEDGER),
    "supplies:distribution-create": Access(allowed=KEEPER),
    "supplies:distribution-detail": Access(allowed=LEDGER, kwargs=distribution),
    "supplies:handover-list": Access(allowed=LEDGER, kwargs=handover),
    "supplies:class-supplies": Access(allowed=CATALOGUE, kwargs=school_class),
    "supplies:printjob-list": Access(),
    "supplies:printjob-create": Access(),
    "supplies:printjob-detail": Access(kwargs=own_print_job),
    "supplies:printjob-approve": post(kwargs=own_print_job),
    "supplies:printjob-reject": post(kwargs=own_print_job),
    "supplies:printjob-done": post(roles(Role.PRINT_ROOM), own_print_job),
    "supplies:printjob-cancel": post(kwargs=own_print_job),
    "supplies:paper-use": Access(allowed=PRINT_ALL),
    "supplies:paper-export": Access(allowed=PRINT_ALL),
    "supplies:count-list": Access(allowed=LEDGER),
    "supplies:count-create": Access(allowed=KEEPER),
    "supplies:count-detail": Access(allowed=LEDGER, kwargs=count),
    "supplies:count-sheet": Access(allowed=LEDGER, kwargs=count),
}


def item_photo(world, school):
    from django.urls import reverse

    from ..factories import image_file
    from .factories import ItemFactory

    row = ItemFactory(school=school, photo=image_file("item.png"))
    return row, reverse("supplies:item-detail", args=[row.pk])


def print_original(world, school):
    from django.urls import reverse

    from supplies.models import PrintJob

    pk = own_print_job(world, school, world.user(school, Role.STAFF.value))["pk"]
    return PrintJob.objects.get(pk=pk), reverse("supplies:printjob-detail", args=[pk])


FILES = {"supplies.item": item_photo, "supplies.printjob": print_original}
