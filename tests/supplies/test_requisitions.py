"""Requisitions (领用): asked, decided by the chain (partial grants), handed over in
one or several handovers by the storekeeper, confirmed by the requester."""

from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from logistics.models import Department, Notification, SchoolRule
from supplies import services_docs as docs
from supplies.choices import RequisitionStatus
from supplies.models import Quota, Requisition, StockMovement

from .factories import stocked

pytestmark = pytest.mark.django_db
R = RequisitionStatus
D = Decimal


@pytest.fixture
def pens(school, keeper):
    return stocked(school, keeper, quantity=100, unit_cost="1.50", name="中性笔")


@pytest.fixture
def paper(school, keeper):
    return stocked(
        school, keeper, quantity=20, unit_cost="25.00", name="A4纸", unit="包"
    )


@pytest.fixture
def asked(staff, pens, paper):
    return docs.requisition_create(
        by=staff, lines=[(pens, 10), (paper, 4)], purpose="办公室日常"
    )


def test_a_requisition_waits_for_the_heads_decision(asked, head):
    assert asked.status == R.SUBMITTED
    assert asked.number.startswith("LY")
    assert Notification.objects.filter(recipient=head).exists()


def test_the_requester_cannot_approve_their_own(asked, staff):
    with pytest.raises(ValidationError):
        docs.requisition_approve(requisition=asked, by=staff)


def test_partial_grant_then_two_handovers_then_receipt(
    asked, head, keeper, staff, pens, paper
):
    lines = {line.item_id: line for line in asked.lines.all()}
    docs.requisition_approve(
        requisition=asked,
        by=head,
        grants={lines[paper.pk].pk: D(2)},
        comment="纸张节约",
    )
    asked.refresh_from_db()
    assert asked.status == R.APPROVED
    assert any("Granted less" in entry.comment for entry in asked.timeline())
    # First handover: only the pens.
    docs.requisition_issue(
        requisition=asked, by=keeper, quantities={lines[pens.pk].pk: D(10)}
    )
    asked.refresh_from_db()
    assert asked.status == R.APPROVED
    with pytest.raises(ValidationError) as error:
        docs.requisition_issue(
            requisition=asked, by=keeper, quantities={lines[paper.pk].pk: D(3)}
        )
    assert error.value.code == "issue_too_much"
    docs.requisition_issue(requisition=asked, by=keeper)
    asked.refresh_from_db()
    assert asked.status == R.ISSUED
    paper.refresh_from_db()
    pens.refresh_from_db()
    assert paper.on_hand == 18 and pens.on_hand == 90
    moves = StockMovement.objects.filter(object_id=asked.pk, kind="issue")
    assert {m.source_label for m in moves} == {asked.number}
    docs.requisition_confirm(requisition=asked, by=staff)
    asked.refresh_from_db()
    assert asked.status == R.RECEIVED and asked.received_at


def test_only_the_storekeeper_hands_over(asked, head):
    docs.requisition_approve(requisition=asked, by=head)
    with pytest.raises(ValidationError) as error:
        docs.requisition_issue(requisition=asked, by=head)
    assert "storekeeper" in error.value.messages[0]


def test_rejected_requisition_moves_no_stock(asked, head, pens):
    docs.requisition_reject(requisition=asked, by=head, comment="本月已领")
    asked.refresh_from_db()
    assert asked.status == R.REJECTED
    pens.refresh_from_db()
    assert pens.on_hand == 100


def test_small_requisitions_pass_without_a_decision_when_the_school_says_so(
    school, staff, pens
):
    SchoolRule.objects.create(
        school=school, key="supplies.REQUISITION_FREE_BELOW", value="50"
    )
    small = docs.requisition_create(by=staff, lines=[(pens, 2)], purpose="笔")
    assert small.status == R.APPROVED
    big = docs.requisition_create(by=staff, lines=[(pens, 40)], purpose="笔")
    assert big.status == R.SUBMITTED


def test_fraction_of_a_whole_unit_is_refused(staff, pens):
    with pytest.raises(ValidationError) as error:
        docs.requisition_create(by=staff, lines=[(pens, D("1.5"))], purpose="笔")
    assert error.value.code == "not_whole"
    assert not Requisition.objects.exists()


def test_department_quota_refuses_what_goes_beyond_it(school, staff, pens):
    from django.utils import timezone

    department = Department.objects.create(school=school, name="语文组")
    staff.profile.department = department
    staff.profile.save()
    today = timezone.localdate()
    Quota.objects.create(
        school=school,
        department=department,
        starts_on=today.replace(day=1),
        ends_on=today.replace(day=28) if today.day <= 28 else today,
        amount=D("20.00"),
    )
    docs.requisition_create(
        by=staff, lines=[(pens, 10)], purpose="笔", department=department
    )
    _quota, left = docs.quota_left(department=department)
    assert left == D("5.00")
    with pytest.raises(ValidationError) as error:
        docs.requisition_create(
            by=staff, lines=[(pens, 10)], purpose="笔", department=department
        )
    assert error.value.code == "over_quota"


def test_staff_see_their_own_the_storekeeper_sees_all(asked, staff, keeper, people):
    other = people["technician"]
    assert list(Requisition.objects.visible_to(staff)) == [asked]
    assert list(Requisition.objects.visible_to(other)) == []
    assert list(Requisition.objects.visible_to(keeper)) == [asked]


def test_distribution_issues_to_every_class_in_one_step(school, keeper, pens):
    from logistics.models import SchoolClass

    classes = [
        SchoolClass.objects.create(school=school, grade=7, number=n) for n in (1, 2, 3)
    ]
    plan = {c: {pens: D(20)} for c in classes}
    distribution = docs.distribution_issue(by=keeper, title="2025秋开学发放", plan=plan)
    assert distribution.requisitions.count() == 3
    assert all(r.status == R.ISSUED for r in distribution.requisitions.all())
    pens.refresh_from_db()
    assert pens.on_hand == 40
    from django.utils import timezone

    received = docs.received_by_class(
        classes[0], since=timezone.now() - timezone.timedelta(days=1)
    )
    assert received == [("中性笔", "个", D(20))]


def test_distribution_beyond_stock_is_refused_whole(school, keeper, pens):
    from logistics.models import SchoolClass

    classes = [
        SchoolClass.objects.create(school=school, grade=8, number=n) for n in (1, 2)
    ]
    with pytest.raises(ValidationError) as error:
        docs.distribution_issue(
            by=keeper, title="开学", plan={c: {pens: D(60)} for c in classes}
        )
    assert error.value.code == "not_enough_stock"
    pens.refresh_from_db()
    assert pens.on_hand == 100 and not Requisition.objects.exists()


def test_a_teacher_charges_only_their_own_department_or_one_they_head(
    school, staff, keeper, pens
):
    """A department's term quota is spent by its own people: a teacher who could
    charge the principal's office would use up its quota."""
    own = Department.objects.create(school=school, name="语文组")
    headed = Department.objects.create(school=school, name="年级组", head=staff)
    office = Department.objects.create(school=school, name="校长室")
    staff.profile.department = own
    staff.profile.save()

    with pytest.raises(ValidationError) as error:
        docs.requisition_create(
            by=staff, lines=[(pens, 1)], purpose="笔", department=office
        )
    assert error.value.code == "not_your_department"
    assert not Requisition.objects.filter(department=office).exists()
    for department in (own, headed):
        docs.requisition_create(
            by=staff, lines=[(pens, 1)], purpose="笔", department=department
        )
    # The storekeeper files at the counter for anyone's department.
    docs.requisition_create(
        by=keeper, lines=[(pens, 1)], purpose="笔", department=office
    )
    assert Requisition.objects.filter(department=office).count() == 1


def test_the_requisition_form_offers_the_teachers_own_departments_and_refuses_others(
    school, staff, pens, client_for
):
    from django.urls import reverse

    own = Department.objects.create(school=school, name="语文组")
    office = Department.objects.create(school=school, name="校长室")
    staff.profile.department = own
    staff.profile.save()
    client = client_for(staff)

    page = client.get(reverse("supplies:requisition-create"))
    offered = [
        choice for choice, _label in page.context["form"].fields["department"].choices
    ]
    assert [str(value) for value in offered if value] == [str(own.pk)]
    assert page.context["form"]["department"].value() == own.pk
    answer = client.post(
        reverse("supplies:requisition-create"),
        {"purpose": "笔", "department": office.pk, "item_1": pens.pk, "quantity_1": 1},
    )
    assert answer.status_code == 200
    assert "department" in answer.context["form"].errors
    assert not Requisition.objects.exists()
