"""Which steps a document goes through: the school's chain, its amount bands, its
defaults, and two schools with different chains side by side."""

import importlib
from decimal import Decimal

from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from logistics.approvals.models import Approval, ApprovalChain, ApprovalStep
from logistics.approvals.services import (
    approval_chain_save,
    approval_decide,
    chain_create_default,
)
from logistics.roles import Role
from tests.testapp.apps import KIND
from tests.testapp.models import Expense

from ..factories import SchoolFactory, make_user

pytestmark = pytest.mark.django_db


def steps_of(approval):
    return [(stage.role, stage.collective) for stage in approval.stages.all()]


HEAD = ("logistics_head", False)
DIRECTOR = ("director", False)
MEETING = ("director", True)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0.00", [HEAD]),
        ("2999.99", [HEAD]),
        ("3000.00", [HEAD, DIRECTOR]),
        ("49999.99", [HEAD, DIRECTOR]),
        ("50000.00", [HEAD, DIRECTOR, MEETING]),
        ("1200000.00", [HEAD, DIRECTOR, MEETING]),
    ],
)
def test_each_amount_boundary_decides_the_steps(submit, staff, amount, expected):
    approval = submit(amount, staff)
    assert steps_of(approval) == expected
    assert approval.current_stage.role == "logistics_head"
    assert approval.amount == Decimal(amount)


def test_every_school_starts_with_the_default_chains():
    school = SchoolFactory(code="NEW1")
    chains = {chain.kind: chain for chain in ApprovalChain.objects.for_school(school)}
    assert {"procurement.purchase", "assets.disposal", KIND} <= set(chains)
    purchase = [
        (step.role, step.min_amount, step.max_amount, step.collective)
        for step in chains["procurement.purchase"].steps.all()
    ]
    assert purchase == [
        ("logistics_head", None, None, False),
        ("director", Decimal("3000.00"), None, False),
        ("director", Decimal("50000.00"), None, True),
    ]
    assert [s.role for s in chains["assets.disposal"].steps.all()] == ["director"]


def test_the_migration_gives_existing_schools_their_chains():
    school = SchoolFactory(code="OLD1")
    ApprovalChain.objects.filter(school=school).delete()
    migration = importlib.import_module(
        "logistics.migrations.0010_default_approval_chains"
    )
    migration.create(django_apps, None)
    migration.create(django_apps, None)  # twice changes nothing
    kinds = ApprovalChain.objects.for_school(school).values_list("kind", flat=True)
    assert sorted(kinds) == ["assets.disposal", "procurement.purchase"]
    assert ApprovalStep.objects.filter(school=school).count() == 4


def save(chain, steps, by, allow_repeat=False):
    return approval_chain_save(
        chain=chain, steps=steps, allow_repeat_decider=allow_repeat, by=by
    )


def step(order, role="", person=None, low=None, high=None, collective=False):
    return {
        "order": order,
        "name": "",
        "role": role,
        "person": person,
        "min_amount": None if low is None else Decimal(low),
        "max_amount": None if high is None else Decimal(high),
        "collective": collective,
        "requester_rule": "other_holder",
    }


def test_two_schools_decide_the_same_amount_by_their_own_chains(
    school, other_school, submit
):
    here = make_user(school, Role.STAFF)
    there = make_user(other_school, Role.STAFF)
    admin = make_user(other_school, Role.ADMINISTRATOR)
    chain = ApprovalChain.objects.get(school=other_school, kind=KIND)
    save(
        chain,
        [step(1, "logistics_head"), step(2, "director", low="1000")],
        admin,
    )
    assert steps_of(submit("2000", here)) == [HEAD]
    assert steps_of(submit("2000", there)) == [HEAD, DIRECTOR]
    # The other school's administrator may not touch this school's chain.
    with pytest.raises(PermissionDenied):
        save(
            ApprovalChain.objects.get(school=school, kind=KIND),
            [step(1, "director")],
            admin,
        )


def test_a_chain_edited_later_leaves_approvals_under_way_as_they_started(
    school, submit, staff, people
):
    approval = submit("5000", staff)
    save(
        ApprovalChain.objects.get(school=school, kind=KIND),
        [step(1, "accountant")],
        people["administrator"],
    )
    assert steps_of(approval) == [HEAD, DIRECTOR]
    assert steps_of(submit("5000", staff)) == [("accountant", False)]


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([], "至少"),
        ([step(1, "director", low="1000")], "¥0.00"),
        (
            [step(1, "director", high="1000"), step(2, "director", low="2000")],
            "¥1,000.00",
        ),
        ([step(1, "director", low="500", high="500")], "必须低于"),
        ([step(1)], "角色和指定人员"),
        ([step(1, "director"), step(1, "logistics_head")], "顺序"),
    ],
)
def test_a_chain_that_would_leave_a_document_without_a_decider_is_refused(
    school, people, steps, message
):
    chain = ApprovalChain.objects.get(school=school, kind=KIND)
    before = list(chain.steps.values_list("role", flat=True))
    with pytest.raises(ValidationError) as refused:
        save(chain, steps, people["administrator"])
    assert message in " ".join(refused.value.messages)
    assert list(chain.steps.values_list("role", flat=True)) == before


def test_only_the_schools_administrator_edits_chains(school, people):
    chain = ApprovalChain.objects.get(school=school, kind=KIND)
    with pytest.raises(PermissionDenied):
        save(chain, [step(1, "director")], people["logistics_head"])


def test_a_named_person_decides_their_step(school, submit, staff, people):
    deputy_head = make_user(school, Role.STAFF, username="vice")
    save(
        ApprovalChain.objects.get(school=school, kind=KIND),
        [step(1, person=deputy_head)],
        people["administrator"],
    )
    approval = submit("100", staff)
    with pytest.raises(ValidationError):
        approval_decide(approval=approval, by=people["logistics_head"], approve=True)
    approval_decide(approval=approval, by=deputy_head, approve=True)
    assert Expense.objects.get(pk=approval.object_id).status == "approved"


def test_a_kind_without_chain_or_default_is_refused(school):
    assert chain_create_default(school=school, kind="nothing.here") is None


def test_the_chain_completes_through_every_step_to_the_documents_approval(
    submit, staff, head, director, minutes
):
    import datetime

    approval = submit("60000", staff)
    approval_decide(approval=approval, by=head, approve=True, comment="同意")
    approval_decide(approval=approval, by=director, approve=True)
    approval.refresh_from_db()
    assert approval.current_stage.collective and approval.status == "pending"
    # The collective step records the meeting's decision: the director who
    # decided step 2 may record it.
    approval_decide(
        approval=approval,
        by=director,
        approve=True,
        meeting_date=datetime.date.today(),
        minutes=minutes(),
    )
    approval.refresh_from_db()
    expense = Expense.objects.get(pk=approval.object_id)
    assert approval.status == "approved" and expense.status == "approved"
    assert approval.current_stage is None
    entries = [entry.comment for entry in expense.timeline()]
    assert any("第1步" in text and "同意" in text for text in entries)
    assert Approval.objects.pending().filter(pk=approval.pk).count() == 0
