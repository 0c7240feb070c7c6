"""The requisition and print job workflows, status × person × action: shown ⇔
allowed ⇔ the POST works; a refused POST changes nothing."""

from decimal import Decimal

import pytest

from logistics.models import TransitionLog
from logistics.roles import Role
from supplies import services_docs as docs
from supplies.choices import PrintStatus, RequisitionStatus
from supplies.models import PrintJob, Requisition
from supplies.workflows import PRINT_WORKFLOW, REQUISITION_WORKFLOW

from ..factories import make_user
from ..workflow_matrix import Cast, Matrix
from .factories import stocked
from .test_print_jobs import pdf_upload

pytestmark = pytest.mark.django_db
R = RequisitionStatus
P = PrintStatus


@pytest.fixture
def cast(school, other_school, client_for):
    people = {
        "requester": make_user(school, Role.STAFF, username="m_requester"),
        "colleague": make_user(school, Role.STAFF, username="m_colleague"),
        "keeper": make_user(
            school, Role.STAFF, Role.STOREKEEPER, Role.PRINT_ROOM, username="m_keeper"
        ),
        "head": make_user(school, Role.STAFF, Role.LOGISTICS_HEAD, username="m_head"),
        "director": make_user(school, Role.STAFF, Role.DIRECTOR, username="m_dir"),
        "other_school_head": make_user(
            other_school, Role.STAFF, Role.LOGISTICS_HEAD, username="m_head_far"
        ),
    }
    return Cast(people, {name: client_for(user) for name, user in people.items()})


def _force(document, status):
    type(document).objects.filter(pk=document.pk).update(status=status)
    return type(document).objects.get(pk=document.pk)


def snapshot(document):
    return {
        "status": document.status,
        "timeline": TransitionLog.objects.for_object(document).count(),
    }


def requisition_matrix(cast, school):
    people = cast.people
    item = stocked(school, people["keeper"], quantity=10_000)

    def make(status):
        requisition = docs.requisition_create(
            by=people["requester"], lines=[(item, Decimal(2))], purpose="测试"
        )
        if status != R.SUBMITTED:
            from logistics.approvals.services import approval_cancel

            approval_cancel(
                document=requisition,
                by=people["requester"],
                kind="supplies.requisition",
            )
            requisition = _force(requisition, status)
        return requisition

    def data(action, requisition, cast):
        lines = requisition.lines.all()
        return {
            "reject": {"reject-comment": "不需要"},
            "issue": {f"issue-hand_{line.pk}": "2" for line in lines},
        }.get(action, {})

    return Matrix(
        workflow=REQUISITION_WORKFLOW,
        make=make,
        data=data,
        effects={},
        snapshot=snapshot,
    )


def print_matrix(cast, school):
    people = cast.people
    stocked(school, people["keeper"], quantity=100_000, paper_size="A4", unit="张")

    def make(status):
        from django.utils import timezone

        job = docs.printjob_create(
            by=people["requester"],
            title="练习",
            original=pdf_upload(),
            pages=2,
            copies=10,
            sides=2,
            paper_size="A4",
            purpose="teaching",
            wanted_by=timezone.now() + timezone.timedelta(days=1),
        )
        if status != P.SUBMITTED:
            from logistics.approvals.services import approval_cancel

            approval_cancel(
                document=job, by=people["requester"], kind="supplies.print_job"
            )
            job = _force(job, status)
        return job

    def data(action, job, cast):
        return {"reject": {"reject-comment": "太多"}}.get(action, {})

    return Matrix(
        workflow=PRINT_WORKFLOW, make=make, data=data, effects={}, snapshot=snapshot
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("status", list(R), ids=str)
def test_every_requisition_action_is_shown_exactly_when_allowed(status, cast, school):
    seen = requisition_matrix(cast, school).walk(status, cast)
    assert len(seen) == len(cast.people) * len(REQUISITION_WORKFLOW.actions)


@pytest.mark.parametrize("status", list(P), ids=str)
def test_every_print_action_is_shown_exactly_when_allowed(status, cast, school):
    seen = print_matrix(cast, school).walk(status, cast)
    assert len(seen) == len(cast.people) * len(PRINT_WORKFLOW.actions)


def test_nobody_acts_on_another_schools_documents(cast, school):
    far = cast.people["other_school_head"]
    m = requisition_matrix(cast, school)
    for status in R:
        assert REQUISITION_WORKFLOW.available(m.make(status), far) == []
    assert Requisition.objects.exists() and not PrintJob.objects.exists()
