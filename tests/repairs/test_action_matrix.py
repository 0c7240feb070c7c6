"""The repair workflow, status × person × action: shown ⇔ allowed ⇔ the POST works."""

from decimal import Decimal

from django.utils import timezone

import pytest

from logistics.models import TransitionLog
from logistics.roles import Role
from repairs.choices import RepairStatus
from repairs.workflows import REPAIR_WORKFLOW

from ..factories import make_user
from ..workflow_matrix import Cast, Matrix
from .factories import RepairRequestFactory, image_upload

pytestmark = pytest.mark.django_db

S = RepairStatus
WORKED = set(S) - {S.SUBMITTED, S.REJECTED, S.CANCELLED}


@pytest.fixture
def cast(school, other_school, client_for):
    people = {
        "requester": make_user(school, Role.STAFF, username="m_requester"),
        "follower": make_user(school, Role.STAFF, username="m_follower"),
        "colleague": make_user(school, Role.STAFF, username="m_colleague"),
        "technician": make_user(
            school, Role.STAFF, Role.TECHNICIAN, username="m_technician"
        ),
        "other_technician": make_user(
            school, Role.STAFF, Role.TECHNICIAN, username="m_technician2"
        ),
        "head": make_user(school, Role.STAFF, Role.LOGISTICS_HEAD, username="m_head"),
        "accountant": make_user(
            school, Role.STAFF, Role.ACCOUNTANT, username="m_accountant"
        ),
        "director": make_user(school, Role.STAFF, Role.DIRECTOR, username="m_dir"),
        "other_school_head": make_user(
            other_school, Role.STAFF, Role.LOGISTICS_HEAD, username="m_head_far"
        ),
    }
    return Cast(people, {name: client_for(user) for name, user in people.items()})


def matrix(cast, location):
    people = cast.people

    def make(status):
        worked = status in WORKED
        repair = RepairRequestFactory(
            location=location,
            requester=people["requester"],
            status=status,
            technician=people["technician"] if status != S.SUBMITTED else None,
            is_damage=worked,
            responsible_name="张三" if worked else "",
            compensation_amount=Decimal("20.00") if worked else None,
            done_at=timezone.now() if status == S.DONE else None,
        )
        repair.followers.add(people["follower"])
        return repair

    def data(action, repair, cast):
        return {
            "confirm": {"rating": "5", "comment": "修得好"},
            "reopen": {"reopen-reason": "还是不亮"},
            "assign": {"technician": cast.people["other_technician"].pk},
            "reject": {"reject-reason": "重复报修"},
            "part_add": {"name": "灯管", "quantity": "2", "unit": "根"},
            "done": {"work_done": "更换灯管", "labour_hours": "1", "cost": "0"},
            "photo_add": {"photos": image_upload()},
            "damage": {"responsible_name": "李四", "quantity": "1", "amount": "10.00"},
            "cancel": {"cancel-reason": ""},
        }.get(action, {})

    def snapshot(repair):
        return {
            "status": repair.status,
            "technician": repair.technician_id,
            "damage": (repair.is_damage, repair.responsible_name),
            "amount": repair.compensation_amount,
            "paid": repair.compensation_paid_at,
            "rating": repair.rating,
            "followers": set(repair.followers.values_list("pk", flat=True)),
            "parts": repair.parts.count(),
            "photos": repair.photos.count(),
            "timeline": TransitionLog.objects.for_object(repair).count(),
        }

    effects = {
        "assign": lambda b, a, u: a["technician"] == people["other_technician"].pk,
        "part_add": lambda b, a, u: a["parts"] == b["parts"] + 1,
        "photo_add": lambda b, a, u: a["photos"] == b["photos"] + 1,
        "damage": lambda b, a, u: (
            a["damage"] == (True, "李四") and a["amount"] == Decimal("10.00")
        ),
        "compensation_paid": lambda b, a, u: a["paid"] is not None,
        "follow": lambda b, a, u: u.pk in a["followers"],
        "unfollow": lambda b, a, u: u.pk not in a["followers"],
        "confirm": lambda b, a, u: a["rating"] == 5,
    }
    return Matrix(
        workflow=REPAIR_WORKFLOW,
        make=make,
        data=data,
        effects=effects,
        snapshot=snapshot,
        wider=frozenset({"follow"}),
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("status", list(S), ids=str)
def test_every_action_is_shown_exactly_when_allowed_and_then_works(
    status, cast, location
):
    seen = matrix(cast, location).walk(status, cast)
    assert len(seen) == len(cast.people) * len(REPAIR_WORKFLOW.actions)


def test_the_walk_covers_every_action_somewhere(cast, location):
    """Each declared action is allowed to someone in some status (no dead action)."""
    allowed = set()
    m = matrix(cast, location)
    for status in S:
        repair = m.make(status)
        for user in cast.people.values():
            allowed |= {a.name for a in REPAIR_WORKFLOW.available(repair, user)}
    assert allowed == {a.name for a in REPAIR_WORKFLOW.actions}


def test_nobody_acts_on_another_schools_request(cast, location):
    m = matrix(cast, location)
    far = cast.people["other_school_head"]
    for status in S:
        assert REPAIR_WORKFLOW.available(m.make(status), far) == []
