"""Disposals and stocktakes, status × person × action: shown ⇔ allowed ⇔ the POST works."""

import datetime
import itertools

from django.utils import timezone

import pytest

from assets.choices import AssetStatus, DisposalStatus, MonthStatus, StocktakeStatus
from assets.models import DepreciationMonth, Disposal, Stocktake
from assets.workflows import (
    APPROVAL_KIND,
    ASSET_WORKFLOW,
    DISPOSAL_WORKFLOW,
    MONTH_WORKFLOW,
    STOCKTAKE_WORKFLOW,
)
from logistics.approvals.services import approval_start
from logistics.models import TransitionLog
from logistics.roles import Role

from ..factories import LocationFactory, make_user
from ..workflow_matrix import Cast, Matrix
from .factories import AssetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(school, other_school, client_for):
    people = {
        "proposer": make_user(school, Role.STAFF, Role.LOGISTICS_HEAD, username="d_p"),
        "keeper": make_user(school, Role.STAFF, Role.LOGISTICS_HEAD, username="d_k"),
        "director": make_user(school, Role.STAFF, Role.DIRECTOR, username="d_dir"),
        "accountant": make_user(school, Role.STAFF, Role.ACCOUNTANT, username="d_acc"),
        "staff": make_user(school, Role.STAFF, username="d_staff"),
        "other_school_director": make_user(
            other_school, Role.STAFF, Role.DIRECTOR, username="d_far"
        ),
    }
    return Cast(people, {name: client_for(user) for name, user in people.items()})


ASSET_STATUS_FOR = {
    DisposalStatus.PROPOSED: AssetStatus.AWAITING_DISPOSAL,
    DisposalStatus.APPROVED: AssetStatus.AWAITING_DISPOSAL,
    DisposalStatus.DISPOSED: AssetStatus.DISPOSED,
}


def disposal_matrix(cast, school, location):
    def make(status):
        asset = AssetFactory(
            school=school,
            location=location,
            status=ASSET_STATUS_FOR.get(status, AssetStatus.IN_USE),
        )
        disposal = Disposal.objects.create(
            school=school,
            asset=asset,
            method="scrap",
            reason="主板损坏，无法修复",
            asset_status_before=AssetStatus.IN_USE,
            proposed_by=cast.people["proposer"],
            status=status,
        )
        if status == DisposalStatus.PROPOSED:
            # Waiting for the school's chain (the director, by default).
            approval_start(
                document=disposal, by=cast.people["proposer"], kind=APPROVAL_KIND
            )
        return disposal

    def data(action, disposal, cast):
        return {
            "approve": {"approve-comment": "同意"},
            "reject": {"reject-comment": "还能用"},
            "complete": {
                "disposed_on": timezone.localdate().isoformat(),
                "proceeds": "0",
            },
        }.get(action, {})

    def snapshot(disposal):
        return {
            "status": disposal.status,
            "decided_by": disposal.decided_by_id,
            "disposed_on": disposal.disposed_on,
            "asset": type(disposal.asset).objects.get(pk=disposal.asset_id).status,
            "timeline": TransitionLog.objects.for_object(disposal).count(),
        }

    effects = {
        "approve": lambda b, a, u: a["decided_by"] == u.pk,
        "reject": lambda b, a, u: a["asset"] == AssetStatus.IN_USE,
        "withdraw": lambda b, a, u: a["asset"] == AssetStatus.IN_USE,
        "complete": lambda b, a, u: a["asset"] == AssetStatus.DISPOSED,
    }
    return Matrix(
        workflow=DISPOSAL_WORKFLOW,
        make=make,
        data=data,
        effects=effects,
        snapshot=snapshot,
    )


def stocktake_matrix(cast, school):
    def make(status):
        return Stocktake.objects.create(
            school=school,
            name="2026年秋季盘点",
            opened_by=cast.people["keeper"],
            status=status,
            closed_at=timezone.now() if status == StocktakeStatus.CLOSED else None,
        )

    def snapshot(stocktake):
        return {
            "status": stocktake.status,
            "applied_at": stocktake.applied_at,
            "timeline": TransitionLog.objects.for_object(stocktake).count(),
        }

    return Matrix(
        workflow=STOCKTAKE_WORKFLOW,
        make=make,
        data=lambda action, stocktake, cast: {},
        effects={"apply": lambda b, a, u: a["applied_at"] is not None},
        snapshot=snapshot,
    )


def asset_matrix(cast, school, location):
    elsewhere = LocationFactory(school=school, building=location.building)

    def make(status):
        return AssetFactory(school=school, location=location, status=status)

    def data(action, asset, cast):
        return {
            "transfer": {
                "location": elsewhere.code,
                "moved_on": timezone.localdate().isoformat(),
                "reason": "调整办公室",
            },
            "dispose": {"dispose-method": "scrap", "dispose-reason": "主板损坏"},
            "adjust": {
                "adjust-kind": "addition",
                "adjust-adjusted_on": timezone.localdate().isoformat(),
                "adjust-amount": "100.00",
                "adjust-reason": "加装内存",
            },
        }[action]

    def snapshot(asset):
        return {
            "status": asset.status,
            "location": asset.location_id,
            "disposals": asset.disposals.count(),
            "transfers": asset.transfers.count(),
            "adjustments": asset.adjustments.count(),
        }

    return Matrix(
        workflow=ASSET_WORKFLOW,
        make=make,
        data=data,
        effects={
            "transfer": lambda b, a, u: a["location"] == elsewhere.pk,
            "dispose": lambda b, a, u: (
                a["disposals"] == b["disposals"] + 1
                and a["status"] == AssetStatus.AWAITING_DISPOSAL
            ),
            "adjust": lambda b, a, u: a["adjustments"] == b["adjustments"] + 1,
        },
        snapshot=snapshot,
        # The transfer has a form page of its own, which shows the reason there.
        refused_status=frozenset({200, 302, 403, 404}),
    )


def month_matrix(cast, school):
    months = itertools.count(2024 * 12)

    def make(status):
        # Each new month is the latest: only the latest closed one may be reopened.
        return DepreciationMonth.objects.create(
            school=school,
            month=next(months),
            status=status,
            closed_by=cast.people["accountant"],
        )

    def snapshot(period):
        return {
            "status": period.status,
            "reason": period.reason,
            "timeline": TransitionLog.objects.for_object(period).count(),
        }

    return Matrix(
        workflow=MONTH_WORKFLOW,
        make=make,
        data=lambda action, period, cast: {"reason": "三月卡片原值录错"},
        effects={
            "reopen": lambda b, a, u: (
                a["status"] == MonthStatus.REOPENED
                and a["reason"] == "三月卡片原值录错"
                and a["timeline"] == b["timeline"] + 1
            )
        },
        snapshot=snapshot,
        refused_status=frozenset({200, 302, 403, 404}),
    )


@pytest.mark.parametrize("status", list(MonthStatus), ids=str)
def test_month_actions_shown_exactly_when_allowed_and_then_work(status, cast, school):
    seen = month_matrix(cast, school).walk(status, cast)
    assert len(seen) == len(cast.people) * len(MONTH_WORKFLOW.actions)


@pytest.mark.parametrize("status", list(AssetStatus), ids=str)
def test_asset_card_actions_shown_exactly_when_allowed_and_then_work(
    status, cast, school, location
):
    seen = asset_matrix(cast, school, location).walk(status, cast)
    assert len(seen) == len(cast.people) * len(ASSET_WORKFLOW.actions)


@pytest.mark.parametrize("status", list(DisposalStatus), ids=str)
def test_disposal_actions_shown_exactly_when_allowed_and_then_work(
    status, cast, school, location
):
    seen = disposal_matrix(cast, school, location).walk(status, cast)
    assert len(seen) == len(cast.people) * len(DISPOSAL_WORKFLOW.actions)


@pytest.mark.parametrize("status", list(StocktakeStatus), ids=str)
def test_stocktake_actions_shown_exactly_when_allowed_and_then_work(
    status, cast, school
):
    seen = stocktake_matrix(cast, school).walk(status, cast)
    assert len(seen) == len(cast.people) * len(STOCKTAKE_WORKFLOW.actions)


def test_the_proposer_is_not_offered_approval_and_is_told_why(cast, school, location):
    """The drift this declaration fixed: the page offered Approve to the proposer."""
    disposal = disposal_matrix(cast, school, location).make(DisposalStatus.PROPOSED)
    proposer = cast.people["proposer"]
    proposer.groups.add(*cast.people["director"].groups.all())
    proposer = type(proposer).objects.get(pk=proposer.pk)
    response = cast.clients["proposer"].get(disposal.get_absolute_url())
    offered = {bound.name for bound in response.context["actions"]}
    assert "approve" not in offered and "reject" not in offered
    assert "someone else decides" in DISPOSAL_WORKFLOW.refusal(
        disposal, proposer, "approve"
    ) or "须由他人" in DISPOSAL_WORKFLOW.refusal(disposal, proposer, "approve")


def test_a_stocktake_applied_once_offers_no_second_apply(cast, school):
    stocktake = stocktake_matrix(cast, school).make(StocktakeStatus.CLOSED)
    stocktake.applied_at = timezone.now() - datetime.timedelta(minutes=1)
    stocktake.save()
    assert not STOCKTAKE_WORKFLOW.allows(stocktake, cast.people["keeper"], "apply")
