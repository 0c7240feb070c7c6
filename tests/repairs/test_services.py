"""The repair workflow: every allowed move, forbidden moves and roles refused."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from logistics.models import Notification, TransitionLog
from repairs import services
from repairs.choices import RepairStatus
from repairs.models import RepairRequest
from repairs.workflows import TRANSITIONS

from ..factories import LocationFactory, make_user
from .factories import PriceItemFactory, RepairRequestFactory

pytestmark = pytest.mark.django_db(transaction=False)
S = RepairStatus


def refreshed(repair):
    return RepairRequest.objects.get(pk=repair.pk)


def test_filing_sets_number_due_date_log_and_tells_the_head(
    filed, staff, head, django_capture_on_commit_callbacks
):
    assert filed.status == S.SUBMITTED
    # The school's pattern: BX, the year, a running number of six digits.
    assert re.fullmatch(r"BX\d{4}\d{6}", filed.number)
    assert filed.due_at - filed.created_at == datetime.timedelta(hours=24)  # urgent
    [entry] = filed.timeline()
    assert entry.to_state == S.SUBMITTED and entry.by == staff


def test_filing_notifies_the_head_after_commit(
    staff, head, location, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.repair_request_create(
            location=location, category="water", description="水龙头漏水", by=staff
        )
    assert Notification.objects.filter(recipient=head).count() == 1
    assert not Notification.objects.filter(recipient=staff).exists()


def test_cannot_file_for_another_schools_place(staff, other_school):
    foreign = LocationFactory(
        school=other_school, building__campus__school=other_school
    )
    with pytest.raises(ValidationError):
        services.repair_request_create(
            location=foreign, category="water", description="x", by=staff
        )
    assert not RepairRequest.objects.exists()


def test_full_journey_submitted_to_confirmed(done, staff, technician):
    repair = services.repair_request_confirm(
        repair=done, rating=5, comment="很及时", by=staff
    )
    repair = refreshed(repair)
    assert repair.status == S.CONFIRMED and repair.rating == 5
    assert repair.closed_at and repair.assigned_at and repair.done_at
    assert repair.time_to_finish >= repair.time_to_assign
    states = [entry.to_state for entry in repair.timeline()]
    assert states == [S.SUBMITTED, S.ASSIGNED, S.IN_PROGRESS, S.DONE, S.CONFIRMED]


def test_assign_notifies_technician_and_requester(
    filed, head, technician, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.repair_request_assign(repair=filed, technician=technician, by=head)
    assert Notification.objects.filter(recipient=technician).count() == 1
    assert Notification.objects.filter(recipient=staff).count() == 1


def test_assign_with_due_date(filed, head, technician):
    due = timezone.now() + datetime.timedelta(days=2)
    repair = services.repair_request_assign(
        repair=filed, technician=technician, due_at=due, by=head
    )
    assert refreshed(repair).due_at == due


def test_reassign_to_another_technician(assigned, head, other_technician):
    repair = services.repair_request_assign(
        repair=assigned, technician=other_technician, by=head
    )
    assert refreshed(repair).technician == other_technician
    assert repair.timeline()[-1].to_state == S.ASSIGNED


def test_reassign_while_in_progress(in_progress, head, other_technician):
    repair = services.repair_request_assign(
        repair=in_progress, technician=other_technician, by=head
    )
    assert refreshed(repair).status == S.ASSIGNED


def test_cannot_assign_to_someone_who_is_not_a_technician(filed, head, staff):
    with pytest.raises(ValidationError, match="not a technician"):
        services.repair_request_assign(repair=filed, technician=staff, by=head)
    assert refreshed(filed).status == S.SUBMITTED


def test_cannot_assign_to_another_schools_technician(filed, head, other_school):
    from logistics.roles import Role

    foreign = make_user(other_school, Role.TECHNICIAN)
    with pytest.raises(ValidationError):
        services.repair_request_assign(repair=filed, technician=foreign, by=head)


@pytest.mark.parametrize("role", ["staff", "technician", "accountant", "director"])
def test_only_the_head_assigns(filed, people, technician, role):
    with pytest.raises(ValidationError):
        services.repair_request_assign(
            repair=filed, technician=technician, by=people[role]
        )
    assert refreshed(filed).status == S.SUBMITTED
    assert TransitionLog.objects.count() == 1


def test_reject_needs_a_reason_and_tells_the_requester(
    filed, head, staff, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        services.repair_request_reject(repair=filed, reason=" ", by=head)
    with django_capture_on_commit_callbacks(execute=True):
        services.repair_request_reject(
            repair=filed, reason="不属于后勤维修范围", by=head
        )
    assert refreshed(filed).status == S.REJECTED
    assert Notification.objects.filter(recipient=staff).exists()


def test_cannot_reject_an_assigned_request(assigned, head):
    with pytest.raises(ValidationError, match="cannot be done now"):
        services.repair_request_reject(repair=assigned, reason="x", by=head)
    assert refreshed(assigned).status == S.ASSIGNED


def test_requester_cancels_before_assignment(filed, staff):
    services.repair_request_cancel(repair=filed, by=staff, reason="已自行修好")
    assert refreshed(filed).status == S.CANCELLED


def test_cannot_cancel_after_assignment(assigned, staff):
    with pytest.raises(ValidationError, match="cannot be done now"):
        services.repair_request_cancel(repair=assigned, by=staff)
    assert refreshed(assigned).status == S.ASSIGNED


def test_only_the_requester_cancels(filed, head):
    with pytest.raises(ValidationError, match="Only the requester"):
        services.repair_request_cancel(repair=filed, by=head)


def test_only_the_assigned_technician_starts(assigned, other_technician, head):
    for person in (other_technician, head):
        with pytest.raises(ValidationError, match="assigned technician"):
            services.repair_request_start(repair=assigned, by=person)
    assert refreshed(assigned).status == S.ASSIGNED


def test_cannot_start_a_submitted_request(filed, technician):
    with pytest.raises(ValidationError):
        services.repair_request_start(repair=filed, by=technician)


def test_done_records_work_and_needs_a_description(in_progress, technician):
    with pytest.raises(ValidationError, match="Describe"):
        services.repair_request_done(repair=in_progress, work_done="", by=technician)
    repair = services.repair_request_done(
        repair=in_progress,
        work_done="换灯管",
        labour_hours="2",
        cost="45.50",
        by=technician,
    )
    repair = refreshed(repair)
    assert repair.status == S.DONE and str(repair.cost) == "45.50"


def test_cannot_mark_done_without_starting(assigned, technician):
    with pytest.raises(ValidationError, match="cannot be done now"):
        services.repair_request_done(repair=assigned, work_done="x", by=technician)


def test_parts_are_recorded_by_the_technician_only(in_progress, technician, staff):
    part = services.repair_part_add(
        repair=in_progress, name="LED灯管 T8", quantity="2", unit="根", by=technician
    )
    assert str(part) == "LED灯管 T8 × 2根"
    with pytest.raises(ValidationError):
        services.repair_part_add(repair=in_progress, name="x", quantity=1, by=staff)
    with pytest.raises(ValidationError, match="more than zero"):
        services.repair_part_add(
            repair=in_progress, name="x", quantity=0, by=technician
        )


def test_confirm_needs_rating_1_to_5(done, staff):
    for bad in (0, 6, "x", None):
        with pytest.raises(ValidationError, match="1 to 5"):
            services.repair_request_confirm(repair=done, rating=bad, by=staff)
    assert refreshed(done).status == S.DONE


def test_technician_cannot_confirm_own_repair(done, technician, head):
    for person in (technician, head):
        with pytest.raises(ValidationError, match="Only the requester"):
            services.repair_request_confirm(repair=done, rating=5, by=person)
    assert refreshed(done).status == S.DONE


def test_reopen_sends_it_back_to_the_technician(
    done, staff, technician, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        services.repair_request_reopen(repair=done, reason="", by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        repair = services.repair_request_reopen(
            repair=done, reason="还是不亮", by=staff
        )
    assert refreshed(repair).status == S.REOPENED
    notice = Notification.objects.get(recipient=technician, title__contains="退回重修")
    assert "reopened" in notice.title_en
    repair = services.repair_request_start(repair=repair, by=technician)
    assert refreshed(repair).status == S.IN_PROGRESS


def test_cannot_confirm_before_done(assigned, staff):
    with pytest.raises(ValidationError, match="cannot be done now"):
        services.repair_request_confirm(repair=assigned, rating=5, by=staff)


@pytest.mark.parametrize("terminal", [S.CONFIRMED, S.REJECTED, S.CANCELLED])
def test_terminal_states_allow_no_move(terminal):
    assert TRANSITIONS[terminal] == frozenset()


def test_every_status_is_in_the_table():
    assert set(TRANSITIONS) == set(RepairStatus)
    for targets in TRANSITIONS.values():
        assert targets <= set(RepairStatus)


def test_auto_confirm_only_old_done_requests(done, staff, filed):
    later = timezone.now() + datetime.timedelta(days=8)
    assert services.repair_requests_auto_confirm(days=10, now=later) == 0
    assert services.repair_requests_auto_confirm(days=7, now=later) == 1
    repair = refreshed(done)
    assert repair.status == S.CONFIRMED and repair.auto_confirmed
    last = repair.timeline()[-1]
    assert last.by is None and "automatically" in last.comment
    assert services.repair_requests_auto_confirm(days=7, now=later) == 0


def test_follow_an_open_request(filed, people):
    other = people["director"]
    services.repair_request_follow(repair=filed, by=other)
    assert filed.followers.filter(pk=other.pk).exists()
    services.repair_request_unfollow(repair=filed, by=other)
    assert not filed.followers.exists()


def test_damage_from_price_list_and_payment(
    done, head, accountant, school, django_capture_on_commit_callbacks
):
    glass = PriceItemFactory(school=school, price="80.00")
    with django_capture_on_commit_callbacks(execute=True):
        repair = services.repair_request_assess_damage(
            repair=done,
            responsible_name="初二(3)班 王同学",
            price_item=glass,
            quantity=2,
            by=head,
        )
    assert str(refreshed(repair).compensation_amount) == "160.00"
    assert Notification.objects.filter(recipient=accountant).exists()
    with pytest.raises(ValidationError):
        services.repair_request_mark_compensation_paid(repair=repair, by=head)
    services.repair_request_mark_compensation_paid(repair=repair, by=accountant)
    assert refreshed(repair).compensation_paid
    with pytest.raises(ValidationError, match="already"):
        services.repair_request_mark_compensation_paid(repair=repair, by=accountant)


def test_damage_amount_by_hand_and_refusals(filed, head, staff):
    with pytest.raises(ValidationError, match="responsible"):
        services.repair_request_assess_damage(repair=filed, amount="10", by=head)
    with pytest.raises(ValidationError, match="price list"):
        services.repair_request_assess_damage(
            repair=filed, responsible_name="张三", by=head
        )
    with pytest.raises(ValidationError, match="Only the logistics head"):
        services.repair_request_assess_damage(
            repair=filed, responsible_name="张三", amount="10", by=staff
        )
    repair = services.repair_request_assess_damage(
        repair=filed, responsible_name="张三", amount="35.5", by=head
    )
    assert refreshed(repair).is_damage


def test_factory_request_is_scoped(school, other_school, staff):
    mine = RepairRequestFactory(
        location=LocationFactory(school=school, building__campus__school=school),
        requester=staff,
    )
    assert list(RepairRequest.objects.for_user(staff)) == [mine]


def test_an_emergency_reaches_the_head_at_once_whatever_they_chose(
    staff, head, location, django_capture_on_commit_callbacks
):
    from logistics.notices.models import OutboxMessage

    head.email = "head@example.cn"
    head.save()
    with django_capture_on_commit_callbacks(execute=False):
        emergency = services.repair_request_create(
            location=location,
            category="water",
            description="水管爆裂",
            urgency="emergency",
            by=staff,
        )
        normal = services.repair_request_create(
            location=location, category="lighting", description="灯不亮", by=staff
        )
    urgent = dict(OutboxMessage.objects.values_list("url", "urgent"))
    assert urgent[emergency.get_absolute_url()] is True
    assert urgent[normal.get_absolute_url()] is False
