"""The outbox: written with the change, sent by the worker, retried with backoff,
given up after a limit, never lost and never sent twice across restarts."""

import datetime

from django.contrib.auth.models import User
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

import pytest

from logistics.models import Notification
from logistics.notices import delivery
from logistics.notices.delivery import outbox_deliver, outbox_recover
from logistics.notices.models import Channel, OutboxMessage, Robot, RobotKind
from logistics.notifications import email_muted, notify
from logistics.roles import Role

from ..factories import make_user

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta


def robot_for(school, endpoint, **fields):
    return Robot.objects.create(
        school=school,
        name="后勤群",
        kind=fields.pop("kind", RobotKind.WECOM),
        webhook=endpoint.url(),
        **fields,
    )


def deliver_at(seconds_from_now):
    return outbox_deliver(now=timezone.now() + LATER(seconds=seconds_from_now))


def test_notify_adds_two_queries_whatever_the_number_of_recipients(
    school, django_assert_num_queries
):
    for _n in range(30):
        make_user(school, Role.STAFF)
    make_user(school, Role.STAFF, email="")
    # Fresh users, their profiles not loaded: notify must not read them one by one.
    people = list(User.objects.filter(profile__school=school))
    with django_assert_num_queries(2):
        notify(recipients=people, title="停水通知", url="/")
    assert Notification.objects.count() == 31
    assert OutboxMessage.objects.filter(channel=Channel.EMAIL).count() == 30
    robots_rows = OutboxMessage.objects.filter(channel=Channel.ROBOTS)
    assert robots_rows.count() == 1
    assert sorted(robots_rows.get().recipient_ids) == sorted(u.pk for u in people)


def test_a_rolled_back_change_leaves_nothing_in_the_outbox(school, transactional_db):
    user = make_user(school, Role.STAFF)
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            notify(recipients=[user], title="不会发出")
            raise RuntimeError("the action failed")
    assert not OutboxMessage.objects.exists() and mail.outbox == []


def test_muted_notices_only_ring_the_bell(school):
    user = make_user(school, Role.STAFF)
    with email_muted():
        notify(recipients=[user], title="演示数据")
    assert Notification.objects.count() == 1
    assert not OutboxMessage.objects.exists()


def test_a_robot_that_fails_and_recovers_gets_the_notice_once(school, endpoint):
    robot_for(school, endpoint)
    endpoint.answers = [(500, {}), (200, {"errcode": 45009, "errmsg": "busy"})]
    notify(recipients=[make_user(school)], title="1号楼停电", url="/repairs/1/")
    deliver_at(0)  # routed to the robot, first attempt fails (HTTP 500)
    row = OutboxMessage.objects.get(channel=Channel.ROBOT)
    assert (row.status, row.attempts) == ("waiting", 1) and "500" in row.last_error
    assert row.next_attempt_at > timezone.now() + LATER(seconds=50)
    deliver_at(30)  # not due yet: nothing is tried
    assert len(endpoint.received) == 1
    deliver_at(61)  # second attempt: the robot answers with an error code
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("waiting", 2) and "45009" in row.last_error
    deliver_at(61 + 119)  # the pause doubled: still waiting
    assert len(endpoint.received) == 2
    deliver_at(61 + 121)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, "")
    assert len(endpoint.received) == 3


def test_the_worker_gives_up_after_the_limit_and_the_administrator_resends(
    school, endpoint, settings, client_for
):
    settings.LOGISTICS = {**settings.LOGISTICS, "OUTBOX_MAX_ATTEMPTS": 3}
    robot_for(school, endpoint)
    endpoint.default = (502, {})
    notify(recipients=[make_user(school)], title="消防通道堵塞", url="/")
    for minutes in (0, 2, 10, 60):
        deliver_at(minutes * 60)
    row = OutboxMessage.objects.get(channel=Channel.ROBOT)
    assert (row.status, row.attempts) == ("failed", 3)
    assert len(endpoint.received) == 3

    admin = make_user(school, Role.ADMINISTRATOR)
    client = client_for(admin)
    page = client.get(reverse("outbox") + "?show=failed").content.decode()
    assert "消防通道堵塞" in page and "HTTP 502" in page
    home = client.get(reverse("home")).content.decode()
    assert reverse("outbox") in home  # the administrator's "not delivered" card
    endpoint.default = (200, {"errcode": 0})
    response = client.post(reverse("outbox-resend", args=[row.pk]))
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("waiting", 0)
    deliver_at(0)
    row.refresh_from_db()
    assert row.status == "sent" and len(endpoint.received) == 4


class WorkerKilled(BaseException):
    """What a kill -9 looks like from inside: nothing after it runs."""


def test_a_worker_killed_between_sending_and_marking_never_sends_twice(
    school, endpoint, monkeypatch
):
    robot = robot_for(school, endpoint)
    OutboxMessage.objects.create(
        school=school, channel=Channel.ROBOT, robot=robot, title="电梯故障"
    )

    def killed(row, at):
        raise WorkerKilled

    monkeypatch.setattr(delivery, "_mark_sent", killed)
    with pytest.raises(WorkerKilled):
        deliver_at(1)
    assert len(endpoint.received) == 1
    monkeypatch.undo()
    # The worker restarts, at once and after the lease: the row is never resent.
    deliver_at(2)
    deliver_at(20 * 60)
    assert len(endpoint.received) == 1
    row = OutboxMessage.objects.get(channel=Channel.ROBOT)
    assert row.status == "interrupted" and row.attempts == 1
    assert row.resendable


def test_notices_claimed_by_a_killed_worker_are_each_sent_once_after_restart(
    school, endpoint, monkeypatch
):
    robot = robot_for(school, endpoint)
    for n in range(5):
        OutboxMessage.objects.create(
            school=school, channel=Channel.ROBOT, robot=robot, title=f"通知{n}"
        )
    sent = []

    def send_then_die(robot, **message):
        if len(sent) == 2:
            raise WorkerKilled  # dies before sending the third
        sent.append(message["title"])
        return real_send(robot, **message)

    real_send = delivery.send_to_robot
    monkeypatch.setattr(delivery, "send_to_robot", send_then_die)
    with pytest.raises(WorkerKilled):
        deliver_at(0)
    monkeypatch.undo()
    assert len(endpoint.received) == 2
    deliver_at(1)  # a restart within the lease leaves the dead worker's rows alone
    assert len(endpoint.received) == 2
    deliver_at(20 * 60)
    titles = [r.json["markdown"]["content"] for r in endpoint.received]
    assert sorted(titles) == ["**通知0**", "**通知1**", "**通知3**", "**通知4**"]
    # The one whose request was under way when the worker died may have arrived:
    # it is not sent again by itself but shown to the administrator to resend.
    in_doubt = OutboxMessage.objects.exclude(status="sent").get()
    assert (in_doubt.title, in_doubt.status) == ("通知2", "interrupted")


def test_two_workers_never_take_the_same_notice(school, endpoint):
    robot = robot_for(school, endpoint)
    for n in range(3):
        OutboxMessage.objects.create(
            school=school, channel=Channel.ROBOT, robot=robot, title=f"通知{n}"
        )
    at = timezone.now()
    first = delivery._claim(at, 10)
    assert len(first) == 3 and delivery._claim(at, 10) == []
    outbox_recover(now=at)  # within the lease: still the first worker's
    assert delivery._claim(at, 10) == []


def test_mail_server_down_then_up_delivers_the_mail_once(school, monkeypatch):
    from logistics.notices import channels

    user = make_user(school)
    notify(recipients=[user], title="维修已派单", url="/repairs/1/")

    def refused(**kwargs):
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setattr(channels, "get_connection", refused)
    deliver_at(0)
    row = OutboxMessage.objects.get(channel=Channel.EMAIL)
    assert row.status == "waiting" and "refused" in row.last_error
    assert mail.outbox == []
    monkeypatch.undo()
    deliver_at(61)
    row.refresh_from_db()
    assert row.status == "sent" and len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    deliver_at(3600)
    assert len(mail.outbox) == 1


def test_outbox_shows_only_the_administrators_school(school, other_school, client_for):
    admin = make_user(school, Role.ADMINISTRATOR)
    theirs = OutboxMessage.objects.create(
        school=other_school, channel=Channel.EMAIL, title="别校通知", status="failed"
    )
    client = client_for(admin)
    assert "别校通知" not in client.get(reverse("outbox")).content.decode()
    response = client.post(reverse("outbox-resend", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "failed"


def test_staff_cannot_see_the_outbox(school, client_for):
    staff = make_user(school, Role.STAFF)
    assert client_for(staff).get(reverse("outbox")).status_code == 403
