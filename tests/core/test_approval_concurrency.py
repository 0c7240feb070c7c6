"""Two people deciding the same step at the same moment: exactly one decision
counts (the document's row, then the approval's, locked in that order)."""

import threading

from django.core.exceptions import ValidationError
from django.db import connection, connections

import pytest

from logistics.approvals.models import Approval, ApprovalDecision
from logistics.approvals.services import approval_decide
from logistics.roles import Role
from tests.testapp.models import Expense

from ..factories import make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")


def race(*actions):
    """Run the actions in threads released together; return (wins, refusals)."""
    barrier = threading.Barrier(len(actions))
    results = []

    def run(action):
        try:
            barrier.wait()
            action()
            results.append("ok")
        except ValidationError as error:
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results.count("ok"), [r for r in results if r != "ok"]


@pytest.fixture
def at_director(submit, staff, head):
    approval = submit("8000", staff)
    approval_decide(approval=approval, by=head, approve=True)
    approval.refresh_from_db()
    return approval


def test_two_directors_approving_the_same_step_one_decision_counts(
    at_director, director, school
):
    vice = make_user(school, Role.DIRECTOR, username="vice")
    wins, refused = race(
        lambda: approval_decide(approval=at_director, by=director, approve=True),
        lambda: approval_decide(approval=at_director, by=vice, approve=True),
    )
    assert wins == 1 and [e.code for e in refused] == ["decided"]
    assert ApprovalDecision.objects.filter(stage__order=2).count() == 1
    assert Approval.objects.get(pk=at_director.pk).status == "approved"
    expense = Expense.objects.get(pk=at_director.object_id)
    moves = [e for e in expense.timeline() if not e.is_note]
    assert [e.to_state for e in moves] == ["approved"]


def test_approve_and_reject_of_one_step_at_once_one_counts(
    at_director, director, school
):
    vice = make_user(school, Role.DIRECTOR, username="vice")
    wins, refused = race(
        lambda: approval_decide(approval=at_director, by=director, approve=True),
        lambda: approval_decide(
            approval=at_director, by=vice, approve=False, comment="再议"
        ),
    )
    assert wins == 1 and len(refused) == 1
    decision = ApprovalDecision.objects.get(stage__order=2)
    approval = Approval.objects.get(pk=at_director.pk)
    assert approval.status == decision.outcome
    assert Expense.objects.get(pk=at_director.object_id).status == decision.outcome


def test_two_heads_racing_on_the_first_step_one_counts_and_the_next_waits(
    submit, staff, head, school
):
    approval = submit("8000", staff)
    other_head = make_user(school, Role.LOGISTICS_HEAD, username="head2")
    wins, refused = race(
        lambda: approval_decide(approval=approval, by=head, approve=True),
        lambda: approval_decide(approval=approval, by=other_head, approve=True),
    )
    assert wins == 1 and len(refused) == 1
    approval.refresh_from_db()
    assert approval.current_stage.order == 2 and approval.status == "pending"
    assert ApprovalDecision.objects.filter(approval=approval).count() == 1
