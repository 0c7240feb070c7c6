"""Walking a round: who may, what the phone sends (and sends again), and a
problem found becoming a repair request or a hazard in one step."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from logistics.registry import registry
from safety import services
from safety.models import CheckpointVisit, DutyAssignment, PatrolRound, RoundAnswer

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def night(school, walker):
    sched = f.schedule(school)
    DutyAssignment.objects.create(
        school=school, day=timezone.localdate(), shift="night", person=walker
    )
    return sched


def sync(client, **data):
    return client.post(reverse("safety:sync"), data)


def test_the_person_on_duty_walks_a_round_and_a_resend_stores_nothing_twice(
    night, walker, client_for
):
    client = client_for(walker)
    round_id = str(uuid.uuid4())
    today = timezone.localdate().isoformat()
    start = {"op": "start", "round": round_id, "schedule": night.pk, "day": today}
    assert sync(client, **start).json()["ok"]
    assert sync(client, **start).json()["ok"]
    checkpoint = night.route.checkpoints.first()
    visit = {
        "op": "visit",
        "round": round_id,
        "checkpoint": checkpoint.pk,
        "method": "qr",
        "id": str(uuid.uuid4()),
    }
    answer = {
        "op": "answer",
        "round": round_id,
        "checkpoint": checkpoint.pk,
        "item": "灯光已关闭",
        "answer": "ok",
        "id": str(uuid.uuid4()),
    }
    for _twice in range(2):
        assert sync(client, **visit).status_code == 200
        assert sync(client, **answer).status_code == 200
    assert PatrolRound.objects.count() == 1
    assert CheckpointVisit.objects.get().method == "qr"
    assert RoundAnswer.objects.get().answer == "ok"
    # A later tap on the same item replaces the answer.
    again = {**answer, "answer": "problem", "note": "灯没关", "id": str(uuid.uuid4())}
    assert sync(client, **again).status_code == 200
    assert RoundAnswer.objects.get().answer == "problem"
    finish = {"op": "finish", "round": round_id}
    assert (
        sync(client, **finish).json()["url"]
        == PatrolRound.objects.get().get_absolute_url()
    )
    assert PatrolRound.objects.get().finished_at is not None


def test_someone_not_on_duty_cannot_walk_the_round(night, people, school, client_for):
    from logistics.roles import Role

    from ..factories import make_user

    other = make_user(school, Role.ON_DUTY, username="other_walker")
    response = sync(
        client_for(other),
        op="start",
        round=str(uuid.uuid4()),
        schedule=night.pk,
        day=timezone.localdate().isoformat(),
    )
    assert response.status_code == 400
    assert response.json()["error"] == "您不是这一班次的值班人。"
    assert not PatrolRound.objects.exists()


def test_an_answer_off_the_checklist_or_off_the_route_is_refused(night, walker, school):
    patrol = services.round_start(
        schedule=night, day=timezone.localdate(), by=walker, client_id=uuid.uuid4()
    )
    checkpoint = night.route.checkpoints.first()
    with pytest.raises(ValidationError):
        services.round_answer(
            patrol=patrol,
            checkpoint=checkpoint,
            item="不存在",
            answer="ok",
            by=walker,
            client_id=uuid.uuid4(),
        )
    elsewhere = f.route_with_checkpoints(school, name="别的路线").checkpoints.first()
    with pytest.raises(ValidationError):
        services.round_answer(
            patrol=patrol,
            checkpoint=elsewhere,
            item="灯光已关闭",
            answer="ok",
            by=walker,
            client_id=uuid.uuid4(),
        )


def test_yesterdays_round_of_another_week_cannot_be_started(night, head):
    with pytest.raises(ValidationError):
        services.round_start(
            schedule=night,
            day=timezone.localdate() - datetime.timedelta(days=7),
            by=head,
            client_id=uuid.uuid4(),
        )


def test_a_problem_becomes_a_repair_with_place_and_photo(
    walker, school, location, client_for
):
    answer = f.problem_answer(school, walker, location)
    answer.photo.save("lamp.png", _png(), save=True)
    response = client_for(walker).post(
        reverse("safety:answer-repair", args=[answer.pk]),
        {"category": "lighting", "urgency": "urgent"},
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.repair_number
    from repairs.models import RepairRequest

    repair = RepairRequest.objects.get(number=answer.repair_number)
    assert repair.location == location
    assert repair.category.code == "lighting"
    assert repair.photos.count() == 1
    assert "路灯不亮" in repair.description
    # Asked again: still one repair.
    client_for(walker).post(reverse("safety:answer-repair", args=[answer.pk]), {})
    assert RepairRequest.objects.count() == 1


def _png():
    from ..factories import image_file

    return image_file("lamp.png")


def test_without_the_repairs_app_the_walker_is_told_and_may_record_a_hazard(
    walker, school, location, client_for, monkeypatch
):
    monkeypatch.delitem(registry.services, "repairs.file")
    answer = f.problem_answer(school, walker, location)
    page = client_for(walker).get(answer.patrol.get_absolute_url())
    assert "报修模块未安装" in page.content.decode()
    response = client_for(walker).post(
        reverse("safety:answer-repair", args=[answer.pk]), follow=True
    )
    assert "报修模块未安装" in response.content.decode()
    client_for(walker).post(
        reverse("safety:answer-hazard", args=[answer.pk]), {"level": "serious"}
    )
    answer.refresh_from_db()
    assert answer.hazard.level == "serious"
    assert answer.hazard.location == location


def test_the_person_on_duty_sees_todays_rounds_on_the_home_page(
    night, walker, client_for
):
    page = client_for(walker).get("/")
    assert (
        "Patrol rounds today" in page.content.decode()
        or "今日巡查" in page.content.decode()
    )
    today = client_for(walker).get(reverse("safety:today")).content.decode()
    assert reverse("safety:walk", args=[night.pk]) in today


def test_the_walk_page_carries_the_checklist_and_the_label_codes(
    night, walker, client_for
):
    page = client_for(walker).get(reverse("safety:walk", args=[night.pk]))
    data = page.context["data"]
    assert data["schedule"] == night.pk
    codes = {cp["code"] for cp in data["checkpoints"]}
    assert codes == {cp.location.code for cp in night.route.checkpoints.all()}
    assert data["checkpoints"][0]["items"] == [
        "门窗已关好上锁",
        "灯光已关闭",
        "无安全隐患",
    ]
    assert b"<script>" not in page.content.split(b"round-data")[0][-200:]


def test_greening_zones_are_named_by_the_greening_app_when_installed(
    school, walker, head, client_for, monkeypatch
):
    route = f.route_with_checkpoints(school)
    kind = route.checkpoints.first().kind
    route.checkpoints.create(
        school=school, order=9, zone_id=42, zone_label="旧名", kind=kind
    )
    sched = f.schedule(school, route=route)

    def zones(*, user):
        return [
            {
                "id": 42,
                "name": "东花坛",
                "url": "/greening/zones/42/",
                "location_ids": [],
            }
        ]

    monkeypatch.setitem(registry.services, "greening.zones", zones)
    data = client_for(head).get(reverse("safety:walk", args=[sched.pk])).context["data"]
    assert data["checkpoints"][-1]["label"] == "东花坛"
    monkeypatch.delitem(registry.services, "greening.zones")
    data = client_for(head).get(reverse("safety:walk", args=[sched.pk])).context["data"]
    assert data["checkpoints"][-1]["label"] == "旧名"
    assert (
        "绿化模块未安装"
        in client_for(head).get(reverse("safety:routes")).content.decode()
    )


def test_the_head_sees_missed_rounds(school, head, client_for):
    sched = f.schedule(school, start=(7, 0), end=(7, 40), shift="morning")
    DutyAssignment.objects.create(
        school=school,
        day=timezone.localdate() - datetime.timedelta(days=2),
        shift="morning",
        person=head,
    )
    page = client_for(head).get(reverse("safety:rounds") + "?only=problems")
    rows = page.context["rows"]
    assert rows and all(r.state == "missed" for r in rows)
    assert {r.schedule.pk for r in rows} == {sched.pk}


def test_a_swap_keeps_who_was_named_first(school, head, walker, people):
    row = services.duty_assign(
        school_id=school.pk,
        day=timezone.localdate(),
        shift="night",
        person=walker,
        by=head,
    )
    other = people["staff"]
    row = services.duty_swap(assignment=row, person=other, reason="家中有事", by=walker)
    assert (
        row.person == other and row.swapped_from == walker and row.swapped_by == walker
    )
    with pytest.raises(ValidationError):
        services.duty_swap(assignment=row, person=walker, reason="", by=head)


def test_only_the_head_keeps_the_roster(school, walker):
    with pytest.raises(ValidationError):
        services.duty_assign(
            school_id=school.pk,
            day=timezone.localdate(),
            shift="night",
            person=walker,
            by=walker,
        )
