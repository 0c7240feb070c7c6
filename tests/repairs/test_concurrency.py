"""Two people acting on one request at the same moment: exactly one wins."""

import threading

from django.core.exceptions import ValidationError
from django.db import connection, connections

import pytest

from repairs import services
from repairs.choices import RepairStatus
from repairs.models import RepairRequest

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


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


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")


def test_assign_and_reject_at_once_one_wins(filed, head, people, technician):
    other_head = people["logistics_head"]
    wins, refused = race(
        lambda: services.repair_request_assign(
            repair=filed, technician=technician, by=head
        ),
        lambda: services.repair_request_reject(
            repair=filed, reason="重复", by=other_head
        ),
    )
    assert wins == 1 and len(refused) == 1
    status = RepairRequest.objects.get(pk=filed.pk).status
    assert status in (RepairStatus.ASSIGNED, RepairStatus.REJECTED)
    assert len(filed.timeline()) == 2


def test_confirm_and_reopen_at_once_one_wins(done, staff):
    wins, refused = race(
        lambda: services.repair_request_confirm(repair=done, rating=5, by=staff),
        lambda: services.repair_request_reopen(repair=done, reason="仍漏水", by=staff),
    )
    assert wins == 1 and len(refused) == 1
    assert len(done.timeline()) == 5


def test_cancel_and_assign_at_once_one_wins(filed, staff, head, technician):
    wins, refused = race(
        lambda: services.repair_request_cancel(repair=filed, by=staff),
        lambda: services.repair_request_assign(
            repair=filed, technician=technician, by=head
        ),
    )
    assert wins == 1 and len(refused) == 1
