"""The inbox at /approvals/: exactly what waits for each person, across kinds;
one tap to decide with clear errors; several approved at once; the home card;
an approval's page and its minutes only for those who may see them."""

import datetime

from django.urls import reverse

import pytest
from lxml import html

from logistics.approvals.models import Approval
from logistics.approvals.services import approval_decide, delegation_create
from logistics.files import file_url
from logistics.roles import Role
from tests.testapp.models import Expense

from ..factories import make_user

pytestmark = pytest.mark.django_db

INBOX = "/approvals/"
TODAY = datetime.date.today()


def titles(response):
    page = html.fromstring(response.content)
    return sorted(
        "".join(a.itertext()).strip()
        for a in page.xpath("//li[starts-with(@id, 'approval-')]//h2/a")
    )


@pytest.fixture
def waiting(submit, staff, head, school):
    """Three expenses at the head's step, one at the director's, one at the meeting."""
    submit("100", staff, "复印纸")
    submit("2999.99", staff, "打印机硒鼓")
    at_director = submit("3000", staff, "投影仪")
    approval_decide(approval=at_director, by=head, approve=True)
    at_meeting = submit("80000", staff, "食堂设备")
    approval_decide(approval=at_meeting, by=head, approve=True)
    approval_decide(
        approval=at_meeting, by=make_user(school, Role.DIRECTOR), approve=True
    )
    return {a.title: a for a in Approval.objects.pending()}


def test_the_inbox_shows_exactly_what_waits_for_each_role(waiting, client_for, people):
    expected = {
        "logistics_head": ["复印纸", "打印机硒鼓"],
        "director": ["投影仪", "食堂设备"],
        "staff": [],
        "accountant": [],
        "administrator": [],
        "storekeeper": [],
    }
    for role, wanted in expected.items():
        response = client_for(people[role]).get(INBOX)
        assert response.status_code == 200
        assert titles(response) == sorted(wanted), role


def test_a_deputy_sees_their_principals_items_marked(
    waiting, client_for, people, director
):
    keeper = people["storekeeper"]
    delegation_create(
        person=director, deputy=keeper, starts_on=TODAY, ends_on=TODAY, by=director
    )
    response = client_for(keeper).get(INBOX)
    assert titles(response) == ["投影仪", "食堂设备"]
    assert "代理 u_director" in response.content.decode()


def test_one_tap_approves_from_the_inbox(waiting, client_for, head):
    approval = waiting["复印纸"]
    response = client_for(head).post(
        INBOX,
        {"approval": approval.pk, f"a{approval.pk}-decision": "approve"},
        follow=True,
    )
    assert "已批准：复印纸" in response.content.decode()
    assert Expense.objects.get(pk=approval.object_id).status == "approved"
    assert titles(response) == ["打印机硒鼓"]


def test_a_rejection_without_comment_comes_back_with_the_error(
    waiting, client_for, head
):
    approval = waiting["复印纸"]
    response = client_for(head).post(
        INBOX, {"approval": approval.pk, f"a{approval.pk}-decision": "reject"}
    )
    assert response.status_code == 200
    page = html.fromstring(response.content)
    errors = page.xpath(
        f"//li[@id='approval-{approval.pk}']//*[contains(@class, 'invalid-feedback')]"
    )
    assert errors and "驳回需要填写意见" in errors[0].text_content()
    assert Approval.objects.get(pk=approval.pk).status == "pending"
    response = client_for(head).post(
        INBOX,
        {
            "approval": approval.pk,
            f"a{approval.pk}-decision": "reject",
            f"a{approval.pk}-comment": "库存还有",
        },
        follow=True,
    )
    assert Expense.objects.get(pk=approval.object_id).status == "rejected"


def test_the_meeting_item_keeps_what_was_typed_when_minutes_are_missing(
    waiting, client_for, director
):
    approval = waiting["食堂设备"]
    prefix = f"a{approval.pk}"
    response = client_for(director).post(
        INBOX,
        {
            "approval": approval.pk,
            f"{prefix}-decision": "approve",
            f"{prefix}-comment": "校务会同意",
            f"{prefix}-meeting_date": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200
    page = html.fromstring(response.content)
    item = page.get_element_by_id(f"approval-{approval.pk}")
    assert item.xpath(f".//input[@name='{prefix}-meeting_date']/@value") == [
        TODAY.isoformat()
    ]
    assert "校务会同意" in item.xpath(f".//textarea[@name='{prefix}-comment']")[0].text
    assert Approval.objects.get(pk=approval.pk).status == "pending"


def test_the_meeting_item_is_decided_with_its_minutes(
    waiting, client_for, director, minutes
):
    approval = waiting["食堂设备"]
    prefix = f"a{approval.pk}"
    client_for(director).post(
        INBOX,
        {
            "approval": approval.pk,
            f"{prefix}-decision": "approve",
            f"{prefix}-meeting_date": TODAY.isoformat(),
            f"{prefix}-minutes": minutes(),
        },
    )
    assert Expense.objects.get(pk=approval.object_id).status == "approved"


def test_several_are_approved_at_once(waiting, client_for, head):
    picked = [waiting["复印纸"].pk, waiting["打印机硒鼓"].pk]
    response = client_for(head).post(
        reverse("approvals:approve-selected"),
        {"selected": picked, "comment": "同意"},
        follow=True,
    )
    assert "2 项已批准" in response.content.decode()
    assert set(
        Expense.objects.filter(title__in=["复印纸", "打印机硒鼓"]).values_list(
            "status", flat=True
        )
    ) == {"approved"}
    assert titles(response) == []


def test_bulk_approval_takes_nothing_that_waits_for_someone_else(
    waiting, client_for, head
):
    response = client_for(head).post(
        reverse("approvals:approve-selected"),
        {"selected": [waiting["投影仪"].pk]},
        follow=True,
    )
    assert Approval.objects.get(pk=waiting["投影仪"].pk).current_stage.order == 2
    assert "不再等待您审批" in response.content.decode()


def test_the_meeting_item_cannot_be_bulk_approved(waiting, client_for, director):
    page = html.fromstring(client_for(director).get(INBOX).content)
    boxes = page.xpath("//input[@name='selected']/@value")
    assert boxes == [] or str(waiting["食堂设备"].pk) not in boxes


def test_the_home_card_counts_what_waits(waiting, client_for, head, staff):
    page = client_for(head).get("/").content.decode()
    assert "待我审批" in page and INBOX in page
    assert "待我审批" not in client_for(staff).get("/").content.decode()


def test_the_approval_page_is_for_requester_deciders_and_nobody_else(
    waiting, client_for, staff, head, director, people
):
    approval = waiting["投影仪"]
    url = approval.get_absolute_url()
    for person in (staff, head, director):
        assert client_for(person).get(url).status_code == 200
    assert client_for(people["accountant"]).get(url).status_code == 404
    page = client_for(director).get(url).content.decode()
    assert "您的审批" in page
    assert "您的审批" not in client_for(head).get(url).content.decode()


def test_minutes_are_sent_only_to_those_who_may_see_the_approval(
    waiting, client_for, director, staff, people, minutes
):
    approval = waiting["食堂设备"]
    decision = approval_decide(
        approval=approval,
        by=director,
        approve=True,
        meeting_date=TODAY,
        minutes=minutes(),
    )
    url = file_url(decision.minutes)
    assert url in client_for(staff).get(approval.get_absolute_url()).content.decode()
    response = client_for(staff).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(people["accountant"]).get(url).status_code == 404


def test_a_long_inbox_is_shown_a_page_at_a_time_oldest_first(
    submit, staff, head, client_for, django_assert_max_num_queries
):
    """Fifty-three waiting: the first page shows the fifty oldest with the full
    count, the second the rest; a form that comes back with an error comes back
    on its own page; the queries do not grow with the items shown."""
    made = [submit("100", staff, f"办公用品{n:02d}") for n in range(53)]
    client = client_for(head)
    first = client.get(INBOX)
    assert (
        "53 项等待您的决定" in first.content.decode() or "53" in first.content.decode()
    )
    assert titles(first) == sorted(f"办公用品{n:02d}" for n in range(50))
    second = client.get(INBOX, {"page": 2})
    assert titles(second) == ["办公用品50", "办公用品51", "办公用品52"]
    late = made[52]
    response = client.post(
        INBOX, {"approval": late.pk, f"a{late.pk}-decision": "reject"}
    )
    assert response.status_code == 200
    assert titles(response) == ["办公用品50", "办公用品51", "办公用品52"]
    with django_assert_max_num_queries(40) as captured:
        client.get(INBOX)
    few = len(captured)
    for approval in made[:40]:
        approval_decide(approval=approval, by=head, approve=True)
    with django_assert_max_num_queries(few):
        client.get(INBOX)
