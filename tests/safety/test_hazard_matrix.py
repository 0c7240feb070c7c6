"""The hazard workflow, status × person × action: shown ⇔ allowed ⇔ the POST works."""

import datetime

from django.utils import timezone

import pytest

from logistics.roles import Role
from safety.choices import HazardStatus
from safety.workflows import HAZARD_WORKFLOW

from ..factories import make_user
from ..repairs.factories import image_upload
from ..workflow_matrix import Cast, Matrix
from . import factories as f

pytestmark = pytest.mark.django_db

S = HazardStatus


@pytest.fixture
def cast(school, other_school, client_for):
    people = {
        "finder": make_user(school, Role.STAFF, username="h_finder"),
        "rectifier": make_user(school, Role.STAFF, Role.TECHNICIAN, username="h_fixer"),
        "colleague": make_user(school, Role.STAFF, username="h_colleague"),
        "head": make_user(school, Role.STAFF, Role.LOGISTICS_HEAD, username="h_head"),
        "deputy_head": make_user(
            school, Role.STAFF, Role.LOGISTICS_HEAD, username="h_head2"
        ),
        "director": make_user(school, Role.STAFF, Role.DIRECTOR, username="h_dir"),
        "gate": make_user(school, Role.GATE, username="h_gate"),
        "other_school_head": make_user(
            other_school, Role.STAFF, Role.LOGISTICS_HEAD, username="h_head_far"
        ),
    }
    return Cast(people, {name: client_for(user) for name, user in people.items()})


def test_every_status_person_and_action(cast, school):
    people = cast.people
    location = f.LocationFactory(school=school, building__campus__school=school)

    def make(status):
        extra = {}
        if status != S.REPORTED:
            extra.update(
                rectifier=people["rectifier"],
                rectify_by=timezone.localdate() + datetime.timedelta(days=3),
            )
        if status in (S.RECTIFIED, S.CLOSED):
            # The head rectified it himself: only another head may re-inspect.
            extra.update(rectified_by=people["head"], rectified_at=timezone.now())
        return f.hazard(
            school, people["finder"], status=status, location=location, **extra
        )

    def data(action, hazard, cast):
        return {
            "assign": {
                "rectifier": cast.people["rectifier"].pk,
                "rectify_by": (
                    timezone.localdate() + datetime.timedelta(days=5)
                ).isoformat(),
            },
            "rectify": {"note": "已加固", "photo": image_upload()},
            "close": {"close-note": "复查合格"},
            "reopen": {"reopen-reason": "仍有松动"},
        }.get(action, {})

    def snapshot(hazard):
        return {
            "status": hazard.status,
            "rectifier": hazard.rectifier_id,
            "rectified_by": hazard.rectified_by_id,
            "reinspected_by": hazard.reinspected_by_id,
            "photos": hazard.photos.count(),
        }

    matrix = Matrix(
        workflow=HAZARD_WORKFLOW,
        make=make,
        data=data,
        effects={
            "rectify": lambda b, a, user: (
                a["photos"] == b["photos"] + 1 and a["rectified_by"] == user.pk
            ),
            "close": lambda b, a, user: a["reinspected_by"] == user.pk,
        },
        snapshot=snapshot,
    )
    seen = []
    for status in S:
        seen += matrix.walk(status, cast)
    allowed = {(who, action) for who, action, ok in seen if ok}
    # The head who rectified may not close; another head may.
    assert ("deputy_head", "close") in allowed
    assert ("head", "close") not in allowed
    assert ("rectifier", "rectify") in allowed
    assert not any(who in ("colleague", "gate", "director") for who, _a in allowed)
    assert not any(who == "other_school_head" for who, _a in allowed)
