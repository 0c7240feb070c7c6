"""Who may decide a step: never one's own request, not two steps of one document,
a deputy only while the delegation is in force (recorded "on behalf of"), a
collective step only with its minutes, a rejection only with a comment."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

import pytest

from logistics.approvals.models import ApprovalChain, ApprovalDecision, Delegation
from logistics.approvals.selectors import waiting_for
from logistics.approvals.services import (
    approval_decide,
    delegation_create,
    delegation_end,
)
from logistics.models import Notification
from logistics.roles import Role
from tests.testapp.apps import KIND
from tests.testapp.models import Expense

from ..factories import make_user

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def refused(approval, by, **kwargs):
    kwargs.setdefault("approve", True)
    with pytest.raises(ValidationError) as error:
        approval_decide(approval=approval, by=by, **kwargs)
    return error.value


def expense_of(approval):
    return Expense.objects.get(pk=approval.object_id)


# -- one's own request -------------------------------------------------------------


def test_nobody_decides_their_own_request_another_holder_does(submit, head, school):
    approval = submit("1000", head)  # the head's step is the only one: it stays
    assert [s.status for s in approval.stages.all()] == ["waiting"]
    assert refused(approval, head).code == "own_request"
    assert waiting_for(head) == []
    other_head = make_user(school, Role.LOGISTICS_HEAD, username="head2")
    assert [item.approval for item in waiting_for(other_head)] == [approval]
    approval_decide(approval=approval, by=other_head, approve=True)
    assert expense_of(approval).status == "approved"


def test_a_requester_holding_the_role_skips_to_the_next_step(submit, head, director):
    approval = submit("5000", head)
    first, second = approval.stages.all()
    assert first.status == "skipped" and "下一步" in first.note
    assert approval.current_stage == second
    assert [item.approval for item in waiting_for(director)] == [approval]
    approval_decide(approval=approval, by=director, approve=True)
    assert expense_of(approval).status == "approved"


def test_a_director_request_goes_to_another_director(submit, director, school, head):
    approval = submit("5000", director)
    approval_decide(approval=approval, by=head, approve=True)
    approval.refresh_from_db()
    assert refused(approval, director).code == "own_request"
    vice = make_user(school, Role.DIRECTOR, username="vice_director")
    approval_decide(approval=approval, by=vice, approve=True)
    assert expense_of(approval).status == "approved"


# -- two steps --------------------------------------------------------------------


@pytest.fixture
def both_roles(school):
    """Someone who is logistics head and director at once (a small school)."""
    return make_user(school, Role.LOGISTICS_HEAD, Role.DIRECTOR, username="both")


def test_nobody_decides_two_steps_of_one_document(submit, staff, both_roles, director):
    approval = submit("5000", staff)
    approval_decide(approval=approval, by=both_roles, approve=True)
    approval.refresh_from_db()
    assert refused(approval, both_roles).code == "second_step"
    assert waiting_for(both_roles) == []
    approval_decide(approval=approval, by=director, approve=True)
    assert expense_of(approval).status == "approved"


def test_a_chain_may_allow_one_person_several_steps(school, submit, staff, both_roles):
    ApprovalChain.objects.filter(school=school, kind=KIND).update(
        allow_repeat_decider=True
    )
    approval = submit("5000", staff)
    approval_decide(approval=approval, by=both_roles, approve=True)
    approval_decide(approval=approval, by=both_roles, approve=True)
    assert expense_of(approval).status == "approved"


# -- deputies -----------------------------------------------------------------------


def name_deputy(person, deputy, start, end):
    return delegation_create(
        person=person,
        deputy=deputy,
        starts_on=start,
        ends_on=end,
        reason="出差",
        by=person,
    )


def test_a_deputy_decides_in_range_and_the_decision_says_for_whom(
    submit, staff, head, director, school
):
    accountant = make_user(school, Role.ACCOUNTANT, real_name="孙会计")
    name_deputy(director, accountant, TODAY - DAY, TODAY + DAY)
    approval = submit("5000", staff)
    approval_decide(approval=approval, by=head, approve=True)
    items = waiting_for(accountant)
    assert [(i.approval, i.on_behalf_of) for i in items] == [(approval, director)]
    approval_decide(approval=approval, by=accountant, approve=True, comment="代批")
    decision = ApprovalDecision.objects.get(approval=approval, stage__order=2)
    assert (decision.decided_by, decision.on_behalf_of) == (accountant, director)
    last = expense_of(approval).timeline()[-1]
    assert (
        "孙会计" in last.comment and "代表" in last.comment and "代批" in last.comment
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [(TODAY + DAY, TODAY + 5 * DAY), (TODAY - 5 * DAY, TODAY - DAY)],
    ids=["not yet", "over"],
)
def test_a_deputy_outside_the_date_range_may_not_decide(
    submit, staff, head, director, school, start, end
):
    accountant = make_user(school, Role.ACCOUNTANT)
    Delegation.objects.create(
        school=school, person=director, deputy=accountant, starts_on=start, ends_on=end
    )
    approval = submit("5000", staff)
    approval_decide(approval=approval, by=head, approve=True)
    approval.refresh_from_db()
    assert refused(approval, accountant).code == "not_allowed"
    assert waiting_for(accountant) == []


def test_a_delegation_ended_early_stops_the_deputy(submit, staff, director, school):
    accountant = make_user(school, Role.ACCOUNTANT)
    delegation = name_deputy(director, accountant, TODAY, TODAY + 3 * DAY)
    approval = submit("5000", staff)
    approval_decide(
        approval=approval, by=make_user(school, Role.LOGISTICS_HEAD), approve=True
    )
    assert len(waiting_for(accountant)) == 1
    delegation_end(delegation=delegation, by=director)
    approval.refresh_from_db()
    assert refused(approval, accountant).code == "not_allowed"


def test_a_deputy_may_not_decide_their_own_request_nor_a_second_step(
    submit, head, director, staff
):
    name_deputy(director, head, TODAY, TODAY)
    own = submit("5000", head)  # the head's step skipped: the director's waits
    assert refused(own, head).code == "own_request"
    other = submit("5000", staff)
    approval_decide(approval=other, by=head, approve=True)
    other.refresh_from_db()
    assert refused(other, head).code == "second_step"


def test_delegations_refuse_overlaps_self_and_past_dates(head, director, school):
    name_deputy(director, head, TODAY, TODAY + 3 * DAY)
    accountant = make_user(school, Role.ACCOUNTANT)
    with pytest.raises(ValidationError) as overlap:
        name_deputy(director, accountant, TODAY + 2 * DAY, TODAY + 9 * DAY)
    assert overlap.value.code == "overlap"
    with pytest.raises(ValidationError):
        name_deputy(director, director, TODAY, TODAY)
    with pytest.raises(ValidationError):
        name_deputy(accountant, head, TODAY - 3 * DAY, TODAY - DAY)


def test_a_deputy_from_another_school_is_refused(director, other_school):
    stranger = make_user(other_school, Role.DIRECTOR)
    with pytest.raises(ValidationError):
        name_deputy(director, stranger, TODAY, TODAY)


# -- the collective step and rejections ----------------------------------------------


@pytest.fixture
def at_meeting(submit, staff, head, director):
    approval = submit("50000", staff)
    approval_decide(approval=approval, by=head, approve=True)
    approval_decide(approval=approval, by=director, approve=True)
    approval.refresh_from_db()
    assert approval.current_stage.collective
    return approval


def test_the_collective_step_needs_the_meetings_date_and_minutes(
    at_meeting, director, minutes
):
    assert refused(at_meeting, director).code == "minutes_needed"
    assert refused(at_meeting, director, meeting_date=TODAY).code == "minutes_needed"
    assert (
        refused(at_meeting, director, meeting_date=TODAY + DAY, minutes=minutes()).code
        == "future_meeting"
    )
    decision = approval_decide(
        approval=at_meeting,
        by=director,
        approve=True,
        meeting_date=TODAY,
        minutes=minutes(),
    )
    assert decision.meeting_date == TODAY
    stored = Path(decision.minutes.path)
    assert stored.read_bytes() == b"%PDF-1.4 minutes"
    # Kept outside MEDIA_ROOT: no public URL reaches it.
    assert Path(settings.MEDIA_ROOT).resolve() not in stored.resolve().parents
    with pytest.raises(ValueError):
        decision.minutes.url  # noqa: B018
    assert expense_of(at_meeting).status == "approved"


def test_a_rejection_needs_a_comment_and_ends_the_chain(submit, staff, head):
    approval = submit("5000", staff)
    assert refused(approval, head, approve=False).code == "comment_required"
    assert (
        refused(approval, head, approve=False, comment="  ").code == "comment_required"
    )
    approval_decide(approval=approval, by=head, approve=False, comment="预算不足")
    approval.refresh_from_db()
    assert approval.status == "rejected"
    assert [s.status for s in approval.stages.all()] == ["rejected", "not_reached"]
    expense = expense_of(approval)
    assert expense.status == "rejected"
    assert "预算不足" in expense.timeline()[-1].comment


def test_a_decided_step_is_not_decided_again(submit, staff, head, school):
    approval = submit("1000", staff)
    approval_decide(approval=approval, by=head, approve=True)
    other_head = make_user(school, Role.LOGISTICS_HEAD)
    assert refused(approval, other_head).code == "decided"
    assert ApprovalDecision.objects.filter(approval=approval).count() == 1


def test_someone_of_another_school_may_not_decide(submit, staff, other_school):
    approval = submit("1000", staff)
    stranger = make_user(other_school, Role.LOGISTICS_HEAD)
    assert refused(approval, stranger).code == "other_school"


# -- the bell -------------------------------------------------------------------------


def test_the_bell_asks_each_steps_deciders_and_settles_when_decided(
    submit, staff, head, director, school, django_capture_on_commit_callbacks
):
    deputy = make_user(school, Role.STAFF, username="deputy")
    name_deputy(director, deputy, TODAY, TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        approval = submit("5000", staff)
    asked = Notification.objects.filter(url=approval.url, pending=True)
    assert set(asked.values_list("recipient__username", flat=True)) == {head.username}
    with django_capture_on_commit_callbacks(execute=True):
        approval_decide(approval=approval, by=head, approve=True)
    assert Notification.objects.get(recipient=head, url=approval.url).read_at
    unread = asked.filter(read_at__isnull=True)
    assert set(unread.values_list("recipient__username", flat=True)) == {
        director.username,
        deputy.username,
    }
    with django_capture_on_commit_callbacks(execute=True):
        approval_decide(approval=approval, by=director, approve=True)
    assert not asked.filter(read_at__isnull=True).exists()
