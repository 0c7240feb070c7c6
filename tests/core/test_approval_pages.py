"""The administrator's chain editor and everyone's deputies page, in the browser's
terms: what is shown, what is saved, and errors that keep what was typed."""

import datetime

from django.urls import reverse

import pytest
from lxml import html

from logistics.approvals.models import ApprovalChain, Delegation
from tests.testapp.apps import KIND

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def admin(people):
    return people["administrator"]


@pytest.fixture
def chain(school):
    return ApprovalChain.objects.get(school=school, kind=KIND)


def form_data(chain, steps, allow_repeat=False):
    """The editor's POST for ``steps`` (dicts of field → value)."""
    data = {
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(chain.steps.count()),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "20",
    }
    for index, step in enumerate(steps):
        row = {"requester_rule": "other_holder", **step}
        for name, value in row.items():
            data[f"steps-{index}-{name}"] = value
    if allow_repeat:
        data["allow_repeat_decider"] = "on"
    return data


def test_the_chain_list_shows_each_kind_with_its_steps(client_for, admin):
    page = client_for(admin).get(reverse("approvals:chain-list")).content.decode()
    for text in (
        "采购申请",
        "资产处置",
        "¥3,000.00 及以上",
        "¥50,000.00 及以上",
        "集体决策",
    ):
        assert text in page


def test_the_editor_saves_new_amounts_and_a_new_step(client_for, admin, chain):
    url = reverse("approvals:chain-edit", args=[chain.pk])
    page = html.fromstring(client_for(admin).get(url).content)
    assert page.xpath("//input[@name='steps-1-min_amount']/@value") == ["3000.00"]
    response = client_for(admin).post(
        url,
        form_data(
            chain,
            [
                {"order": "1", "role": "logistics_head"},
                {"order": "2", "role": "director", "min_amount": "5000"},
                {
                    "order": "3",
                    "role": "director",
                    "min_amount": "100000",
                    "collective": "on",
                    "name": "校长办公会",
                },
                {"order": "", "role": "accountant", "min_amount": "20000"},
            ],
        ),
    )
    assert response.status_code == 302
    saved = [
        (s.order, s.role, s.min_amount, s.collective, s.name) for s in chain.steps.all()
    ]
    assert saved == [
        (1, "logistics_head", None, False, ""),
        (2, "director", 5000, False, ""),
        (3, "director", 100000, True, "校长办公会"),
        (4, "accountant", 20000, False, ""),
    ]


def test_the_editor_keeps_what_was_typed_with_each_error(client_for, admin, chain):
    url = reverse("approvals:chain-edit", args=[chain.pk])
    response = client_for(admin).post(
        url,
        form_data(
            chain,
            [
                {"order": "1", "role": "logistics_head"},
                {
                    "order": "2",
                    "role": "director",
                    "min_amount": "8000",
                    "max_amount": "6000",
                },
                {
                    "order": "3",
                    "role": "director",
                    "min_amount": "50000",
                    "collective": "on",
                },
            ],
        ),
    )
    assert response.status_code == 200
    page = html.fromstring(response.content)
    assert page.xpath("//input[@name='steps-1-max_amount']/@value") == ["6000"]
    assert "“金额上限”必须高于“金额下限”" in response.content.decode()
    assert chain.steps.get(order=2).min_amount == 3000


def test_the_editor_refuses_a_chain_with_amounts_nobody_decides(
    client_for, admin, chain
):
    url = reverse("approvals:chain-edit", args=[chain.pk])
    response = client_for(admin).post(
        url,
        form_data(chain, [{"order": "1", "role": "director", "min_amount": "1000"}]),
    )
    assert response.status_code == 200
    page = html.fromstring(response.content)
    alert = page.xpath("//form//div[@role='alert']")[0].text_content()
    assert "每个金额都至少需要一个审批步骤" in alert
    assert page.xpath("//input[@name='steps-0-min_amount']/@value") == ["1000"]
    assert chain.steps.count() == 3


def test_the_editor_deletes_a_ticked_step(client_for, admin, chain):
    url = reverse("approvals:chain-edit", args=[chain.pk])
    client_for(admin).post(
        url,
        form_data(
            chain,
            [
                {"order": "1", "role": "logistics_head"},
                {"order": "2", "role": "director", "min_amount": "3000"},
                {
                    "order": "3",
                    "role": "director",
                    "min_amount": "50000",
                    "DELETE": "on",
                },
            ],
        ),
    )
    assert [s.role for s in chain.steps.all()] == ["logistics_head", "director"]


def test_another_schools_chain_is_not_found(client_for, other_school, admin):
    foreign = ApprovalChain.objects.get(school=other_school, kind=KIND)
    url = reverse("approvals:chain-edit", args=[foreign.pk])
    assert client_for(admin).get(url).status_code == 404


def test_a_person_names_a_deputy_and_ends_the_delegation(client_for, people):
    director, head = people["director"], people["logistics_head"]
    url = reverse("approvals:delegations")
    page = html.fromstring(client_for(director).get(url).content)
    names = page.xpath("//select[@name='deputy']/option/text()")
    assert "u_logistics_head" in names and "u_director" not in names
    response = client_for(director).post(
        url,
        {
            "deputy": head.pk,
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "reason": "外出培训",
        },
        follow=True,
    )
    assert "已指定代理人" in response.content.decode()
    delegation = Delegation.objects.get(person=director)
    assert delegation.deputy == head and delegation.in_force()
    assert "u_director" in client_for(head).get(url).content.decode()
    client_for(director).post(reverse("approvals:delegation-end", args=[delegation.pk]))
    delegation.refresh_from_db()
    assert not delegation.in_force()


def test_a_wrong_delegation_comes_back_with_its_error_and_values(client_for, people):
    director, head = people["director"], people["logistics_head"]
    url = reverse("approvals:delegations")
    response = client_for(director).post(
        url,
        {
            "deputy": head.pk,
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY - datetime.timedelta(days=2)).isoformat(),
            "reason": "外出培训",
        },
    )
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    page = html.fromstring(response.content)
    assert page.xpath("//input[@name='reason']/@value") == ["外出培训"]
    assert not Delegation.objects.exists()


def test_nobody_ends_someone_elses_delegation(client_for, people, school):
    director, head = people["director"], people["logistics_head"]
    delegation = Delegation.objects.create(
        school=school, person=director, deputy=head, starts_on=TODAY, ends_on=TODAY
    )
    response = client_for(head).post(
        reverse("approvals:delegation-end", args=[delegation.pk])
    )
    assert response.status_code == 404
    delegation.refresh_from_db()
    assert delegation.in_force()
