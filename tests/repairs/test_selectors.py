import pytest

from repairs.selectors import home_cards, recent_requests

pytestmark = pytest.mark.django_db


def test_home_cards_for_head_technician_and_requester(head, technician, staff, done):
    assert {c.title: c.count for c in home_cards(head)}[
        "Repair requests to assign"
    ] == 0
    assert {c.title: c.count for c in home_cards(technician)}[
        "My open repair jobs"
    ] == 0
    cards = {c.title: c.count for c in home_cards(staff)}
    assert cards["Repairs awaiting my confirmation"] == 1


def test_recent_requests_are_the_users_own(staff, head, filed):
    assert [r.url for r in recent_requests(staff)] == [filed.get_absolute_url()]
    assert recent_requests(head) == []
