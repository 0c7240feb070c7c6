"""Disposals decided through the school's approval chain: the director's step by
default, any chain the school sets, from the disposal's page or the inbox."""

import datetime
from decimal import Decimal

from django.urls import reverse

import pytest
from lxml import html

from assets import services
from assets.models import Asset
from logistics.approvals.models import Approval, ApprovalChain, ApprovalDecision
from logistics.approvals.selectors import waiting_for
from logistics.approvals.services import approval_chain_save, delegation_create
from logistics.roles import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def propose(asset, by):
    return services.disposal_propose(
        asset=asset, by=by, method="scrap", reason="主板损坏"
    )


def approval_of(disposal):
    return Approval.objects.get(kind="assets.disposal", object_id=disposal.pk)


def buttons(client, disposal):
    page = html.fromstring(client.get(disposal.get_absolute_url()).content)
    return [b.text_content().strip() for b in page.xpath("//main//form//button")]


def test_proposing_starts_the_directors_step_with_the_assets_value(
    head, director, ledger
):
    pc = ledger["assets"]["pc1"]
    approval = approval_of(propose(pc, head))
    assert approval.amount == pc.original_value
    assert [s.role for s in approval.stages.all()] == ["director"]
    assert [item.approval for item in waiting_for(director)] == [approval]
    assert waiting_for(head) == []


def test_the_page_shows_the_steps_and_offers_decisions_only_to_the_decider(
    client_for, head, director, accountant, ledger
):
    disposal = propose(ledger["assets"]["pc1"], head)
    page = client_for(head).get(disposal.get_absolute_url()).content.decode()
    assert "审批步骤" in page and "校长" in page and "待审批" in page
    assert "批准" not in buttons(client_for(head), disposal)
    assert "批准" not in buttons(client_for(accountant), disposal)
    assert {"批准", "驳回"} <= set(buttons(client_for(director), disposal))


def test_the_director_approves_from_the_inbox(client_for, head, director, ledger):
    pc = ledger["assets"]["pc1"]
    disposal = propose(pc, head)
    approval = approval_of(disposal)
    client_for(director).post(
        "/approvals/",
        {
            "approval": approval.pk,
            f"a{approval.pk}-decision": "approve",
            f"a{approval.pk}-comment": "同意报废",
        },
    )
    disposal.refresh_from_db()
    pc.refresh_from_db()
    assert disposal.status == "approved" and disposal.decided_by == director
    assert pc.status == "awaiting_disposal"
    last = disposal.timeline()[-1]
    assert last.to_state == "approved" and "同意报废" in last.comment


def test_a_rejection_from_the_inbox_restores_the_asset(
    client_for, head, director, ledger
):
    pc = ledger["assets"]["pc1"]
    Asset.objects.filter(pk=pc.pk).update(status="idle")
    disposal = propose(pc, head)
    approval = approval_of(disposal)
    data = {"approval": approval.pk, f"a{approval.pk}-decision": "reject"}
    assert client_for(director).post("/approvals/", data).status_code == 200
    disposal.refresh_from_db()
    assert disposal.status == "proposed"
    client_for(director).post(
        "/approvals/", {**data, f"a{approval.pk}-comment": "还能用"}
    )
    disposal.refresh_from_db()
    pc.refresh_from_db()
    assert disposal.status == "rejected" and pc.status == "idle"


def test_a_withdrawn_proposal_leaves_the_inbox(head, director, ledger):
    disposal = propose(ledger["assets"]["pc1"], head)
    services.disposal_withdraw(disposal=disposal, by=head)
    assert approval_of(disposal).status == "cancelled"
    assert waiting_for(director) == []


def test_the_directors_proposal_goes_to_another_director(school, ledger):
    # A director who also keeps the ledger proposes.
    director = make_user(school, Role.DIRECTOR, Role.LOGISTICS_HEAD, username="d2")
    disposal = propose(ledger["assets"]["pc1"], director)
    vice = make_user(school, Role.DIRECTOR, username="vice")
    assert [item.approval for item in waiting_for(vice)] == [approval_of(disposal)]
    services.disposal_approve(disposal=disposal, by=vice)
    disposal.refresh_from_db()
    assert disposal.status == "approved"


def test_a_deputy_of_the_director_approves_on_the_page_on_their_behalf(
    client_for, head, director, accountant, ledger
):
    disposal = propose(ledger["assets"]["pc1"], head)
    delegation_create(
        person=director, deputy=accountant, starts_on=TODAY, ends_on=TODAY, by=director
    )
    client = client_for(accountant)
    page = client.get(disposal.get_absolute_url()).content.decode()
    assert "代理 u_director" in page
    client.post(reverse("assets:disposal-approve", args=[disposal.pk]))
    disposal.refresh_from_db()
    assert disposal.status == "approved"
    decision = ApprovalDecision.objects.get(approval__object_id=disposal.pk)
    assert (decision.decided_by, decision.on_behalf_of) == (accountant, director)


def test_a_school_with_a_two_step_disposal_chain(
    client_for, school, head, director, accountant, people, ledger
):
    chain = ApprovalChain.objects.get(school=school, kind="assets.disposal")
    approval_chain_save(
        chain=chain,
        steps=[
            {"order": 1, "role": "logistics_head"},
            {"order": 2, "role": "director", "min_amount": Decimal("5000")},
        ],
        allow_repeat_decider=False,
        by=people["administrator"],
    )
    cheap = propose(ledger["assets"]["desks"], accountant)  # ¥18,000: both steps
    response = client_for(head).post(
        reverse("assets:disposal-approve", args=[cheap.pk]), follow=True
    )
    assert "转到下一步审批" in response.content.decode()
    cheap.refresh_from_db()
    assert cheap.status == "proposed"
    services.disposal_approve(disposal=cheap, by=director)
    cheap.refresh_from_db()
    assert cheap.status == "approved"
    books = ledger["assets"]["books"]
    Asset.objects.filter(pk=books.pk).update(original_value=Decimal("4999.99"))
    books.refresh_from_db()
    assert [s.role for s in approval_of(propose(books, accountant)).stages.all()] == [
        "logistics_head"
    ]


def test_a_disposal_proposed_before_chains_existed_gets_its_approval(
    school, head, director, ledger
):
    import importlib

    from django.apps import apps as django_apps

    from assets.models import Disposal

    pc = ledger["assets"]["pc1"]
    older = Disposal.objects.create(
        school=school,
        asset=pc,
        method="scrap",
        reason="旧",
        asset_status_before="in_use",
        proposed_by=head,
    )
    migration = importlib.import_module("assets.migrations.0008_disposal_approvals")
    migration.start(django_apps, None)
    migration.start(django_apps, None)  # twice changes nothing
    approval = approval_of(older)
    assert approval.url == older.get_absolute_url()
    assert approval.title == f"资产处置：{pc.number} {pc.name}"
    assert [item.approval for item in waiting_for(director)] == [approval]
    services.disposal_approve(disposal=older, by=director)
    older.refresh_from_db()
    assert older.status == "approved"


def test_a_disposal_waiting_too_long_reminds_the_director_and_says_so_on_its_page(
    head, director, ledger, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from logistics.models import Notification
    from logistics.notices.reminders import reminders_send

    disposal = propose(ledger["assets"]["pc1"], head)
    later = timezone.now() + datetime.timedelta(hours=30)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=later) >= 1
    reminder = Notification.objects.filter(recipient=director).latest("created_at")
    assert reminder.url == disposal.get_absolute_url()
    assert any(entry.is_note for entry in disposal.timeline())
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=later) == 0  # not again before the school's repeat
