"""Two approvers at the same moment, in real threads on PostgreSQL: exactly one
decision counts."""

import threading

from django.core.exceptions import ValidationError
from django.db import connection, connections

import pytest

from logistics.approvals.models import ApprovalDecision
from logistics.roles import Role
from procurement import services
from procurement.choices import PurchaseStatus
from tests.factories import make_user

from .factories import reload, submitted

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")


def race(*actions):
    barrier = threading.Barrier(len(actions))
    results, refusals, crashes = [None] * len(actions), [], []

    def run(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except ValidationError as error:
            refusals.append(error)
        except Exception as error:  # noqa: BLE001
            crashes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not crashes, crashes
    return results, refusals


def test_two_heads_approving_at_once_decide_once(school):
    staff = make_user(school, Role.STAFF)
    heads = [make_user(school, Role.STAFF, Role.LOGISTICS_HEAD) for _ in range(2)]
    purchase = submitted(staff, total="800")
    _results, refusals = race(
        *(
            lambda head=head: services.purchase_approve(purchase=purchase, by=head)
            for head in heads
        )
    )
    assert len(refusals) == 1
    assert reload(purchase).status == PurchaseStatus.APPROVED
    assert ApprovalDecision.objects.filter(approval__object_id=purchase.pk).count() == 1


def test_an_approval_and_a_rejection_at_once_leave_one_outcome(school):
    staff = make_user(school, Role.STAFF)
    approver, rejecter = (
        make_user(school, Role.STAFF, Role.LOGISTICS_HEAD) for _ in range(2)
    )
    purchase = submitted(staff, total="800")
    _results, refusals = race(
        lambda: services.purchase_approve(purchase=purchase, by=approver),
        lambda: services.purchase_reject(
            purchase=purchase, by=rejecter, comment="不需要"
        ),
    )
    assert len(refusals) == 1
    assert reload(purchase).status in {PurchaseStatus.APPROVED, PurchaseStatus.REJECTED}
    assert ApprovalDecision.objects.filter(approval__object_id=purchase.pk).count() == 1


def test_a_withdrawal_and_a_decision_at_once(school):
    staff = make_user(school, Role.STAFF)
    head = make_user(school, Role.STAFF, Role.LOGISTICS_HEAD)
    purchase = submitted(staff, total="800")
    _results, refusals = race(
        lambda: services.purchase_approve(purchase=purchase, by=head),
        lambda: services.purchase_withdraw(purchase=purchase, by=staff),
    )
    assert len(refusals) == 1
    status = reload(purchase).status
    assert status in {PurchaseStatus.APPROVED, PurchaseStatus.WITHDRAWN}
