"""Who may open which assets URL (read by tests/test_permission_walk.py)."""

import datetime

from assets import posting, services
from assets.depreciation import month_index
from logistics.roles import Role

from ..access import ANY, Access, roles
from .factories import AssetFactory, category

LEDGER = roles(Role.LOGISTICS_HEAD, Role.ACCOUNTANT)
READERS = roles(Role.LOGISTICS_HEAD, Role.ACCOUNTANT, Role.DIRECTOR)
HEAD = roles(Role.LOGISTICS_HEAD)
ACCOUNTANT = roles(Role.ACCOUNTANT)
REDIRECT = frozenset({302})


def held_asset(world, school):
    """An asset of ``school`` held by the acting user, so staff may see it too."""
    return AssetFactory(
        school=school, custodian=world.actor(school), location=world.location(school)
    )


def asset_pk(world, school):
    return {"pk": held_asset(world, school).pk}


def proposed(world, school):
    asset = AssetFactory(school=school, location=world.location(school))
    return services.disposal_propose(
        asset=asset,
        by=world.user(school, Role.LOGISTICS_HEAD.value),
        method="scrap",
        reason="损坏无法修复",
    )


def approved(world, school):
    disposal = proposed(world, school)
    return services.disposal_approve(
        disposal=disposal, by=world.user(school, Role.DIRECTOR.value)
    )


def stocktake(world, school):
    AssetFactory(school=school, location=world.location(school))
    return services.stocktake_open(
        school=school, by=world.user(school, Role.LOGISTICS_HEAD.value), name="期末盘点"
    )


def room(world, school):
    return {"pk": stocktake(world, school).pk, "location": world.location(school).pk}


def closed(world, school):
    taken = stocktake(world, school)
    head = world.user(school, Role.LOGISTICS_HEAD.value)
    services.stocktake_start(stocktake=taken, by=head)
    return services.stocktake_close(stocktake=taken, by=head)


def closed_month(world, school):
    """The school's next month, closed by its accountant (a reopened one again)."""
    AssetFactory(school=school)
    month = posting.first_open_month(school.pk) or month_index(
        datetime.date(2024, 1, 1)
    )
    return posting.month_close(
        school=school, by=world.user(school, Role.ACCOUNTANT.value), month=month
    )


def month_pk(world, school):
    return {"pk": closed_month(world, school).pk}


ACCESS = {
    "assets:list": Access(),
    "assets:create": Access(allowed=LEDGER),
    "assets:export": Access(allowed=READERS),
    "assets:labels": Access(allowed=LEDGER),
    "assets:import": Access(allowed=LEDGER),
    "assets:import-confirm": Access(allowed=LEDGER, method="post", ok_status=REDIRECT),
    "assets:import-template": Access(allowed=LEDGER),
    "assets:transfer-room": Access(allowed=LEDGER),
    "assets:depreciation": Access(allowed=READERS),
    "assets:depreciation-export": Access(allowed=READERS),
    "assets:category-list": Access(allowed=READERS),
    "assets:category-create": Access(allowed=LEDGER),
    "assets:category-update": Access(
        allowed=LEDGER, kwargs=lambda world, school: {"pk": category(school).pk}
    ),
    "assets:detail": Access(allowed=ANY, kwargs=asset_pk),
    "assets:update": Access(allowed=LEDGER, kwargs=asset_pk),
    "assets:card-pdf": Access(allowed=ANY, kwargs=asset_pk),
    "assets:transfer": Access(allowed=LEDGER, kwargs=asset_pk),
    "assets:dispose": Access(
        allowed=LEDGER,
        kwargs=asset_pk,
        method="post",
        ok_status=REDIRECT,
        data={"dispose-method": "scrap", "dispose-reason": "损坏"},
    ),
    "assets:adjust": Access(
        allowed=LEDGER,
        kwargs=asset_pk,
        method="post",
        ok_status=frozenset({200, 302}),
        data={"adjust-kind": "addition", "adjust-reason": "加装内存"},
    ),
    "assets:months": Access(allowed=READERS),
    "assets:month-close": Access(
        allowed=ACCOUNTANT, method="post", ok_status=REDIRECT, data={"month": "bad"}
    ),
    "assets:ledger-open": Access(
        allowed=ACCOUNTANT, method="post", ok_status=REDIRECT, data={"month": "bad"}
    ),
    "assets:month-detail": Access(allowed=READERS, kwargs=month_pk),
    "assets:month-summary-xlsx": Access(allowed=READERS, kwargs=month_pk),
    "assets:month-summary-pdf": Access(allowed=READERS, kwargs=month_pk),
    "assets:month-reopen": Access(
        allowed=ACCOUNTANT,
        kwargs=month_pk,
        method="post",
        ok_status=frozenset({200, 302}),
    ),
    "assets:disposal-list": Access(allowed=READERS),
    "assets:disposal-detail": Access(
        allowed=READERS, kwargs=lambda world, school: {"pk": proposed(world, school).pk}
    ),
    # Who decides is the school's approval chain (the director by default): the
    # other readers reach the action and are refused with a message.
    "assets:disposal-approve": Access(
        allowed=READERS,
        kwargs=lambda world, school: {"pk": proposed(world, school).pk},
        method="post",
        ok_status=REDIRECT,
    ),
    "assets:disposal-reject": Access(
        allowed=READERS,
        kwargs=lambda world, school: {"pk": proposed(world, school).pk},
        method="post",
        ok_status=REDIRECT,
        data={"reject-comment": "还能用"},
    ),
    "assets:disposal-withdraw": Access(
        allowed=LEDGER,
        kwargs=lambda world, school: {"pk": proposed(world, school).pk},
        method="post",
        ok_status=REDIRECT,
    ),
    "assets:disposal-complete": Access(
        allowed=LEDGER,
        kwargs=lambda world, school: {"pk": approved(world, school).pk},
        method="post",
        ok_status=REDIRECT,
        data={"disposed_on": datetime.date.today().isoformat(), "proceeds": "0"},
    ),
    "assets:stocktake-list": Access(allowed=READERS),
    "assets:stocktake-create": Access(allowed=HEAD),
    "assets:stocktake-detail": Access(
        allowed=READERS,
        kwargs=lambda world, school: {"pk": stocktake(world, school).pk},
    ),
    "assets:stocktake-start": Access(
        allowed=HEAD,
        kwargs=lambda world, school: {"pk": stocktake(world, school).pk},
        method="post",
        ok_status=REDIRECT,
    ),
    "assets:stocktake-close": Access(
        allowed=HEAD,
        kwargs=lambda world, school: {"pk": stocktake(world, school).pk},
        method="post",
        ok_status=REDIRECT,
    ),
    "assets:stocktake-apply": Access(
        allowed=HEAD,
        kwargs=lambda world, school: {"pk": closed(world, school).pk},
        method="post",
        ok_status=REDIRECT,
    ),
    "assets:stocktake-report-pdf": Access(
        allowed=READERS,
        kwargs=lambda world, school: {"pk": stocktake(world, school).pk},
    ),
    "assets:stocktake-report-xlsx": Access(
        allowed=READERS,
        kwargs=lambda world, school: {"pk": stocktake(world, school).pk},
    ),
    "assets:stocktake-room": Access(allowed=HEAD, kwargs=room),
    "assets:stocktake-scan": Access(
        allowed=HEAD,
        kwargs=room,
        method="post",
        ok_status=REDIRECT,
        data={"number": "X"},
    ),
    "assets:stocktake-extra": Access(
        allowed=HEAD,
        kwargs=room,
        method="post",
        ok_status=REDIRECT,
        data={"description": "旧椅子", "quantity": "1"},
    ),
    "assets:stocktake-mark": Access(
        allowed=HEAD,
        kwargs=lambda world, school: {"pk": stocktake(world, school).lines.last().pk},
        method="post",
        ok_status=REDIRECT,
        data={"result": "found"},
    ),
}


def photographed_asset(world, school):
    """An asset of ``school`` with a photo, held by the school's staff member:
    (the asset, its card's page)."""
    from django.urls import reverse

    from ..factories import image_file

    asset = AssetFactory(
        school=school,
        custodian=world.user(school, Role.STAFF.value),
        location=world.location(school),
        photo=image_file("laptop.png"),
    )
    return asset, reverse("assets:detail", args=[asset.pk])


# Every model with uploaded files → a builder (read by tests/test_file_access.py).
FILES = {"assets.asset": photographed_asset}
