"""Each person chooses how their notices reach them: at once, in a daily digest at
their time, or only in the bell; urgent ones always at once."""

import datetime
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from logistics.models import Notification
from logistics.notices.delivery import outbox_deliver, run_clock
from logistics.notices.models import NoticePreference, OutboxMessage
from logistics.notices.preferences import notice_preferences_set
from logistics.notifications import notify
from logistics.roles import Role

from ..factories import make_user

pytestmark = pytest.mark.django_db


def tomorrow_at(hour, minute=0):
    """A moment tomorrow, in the site's time zone (later than any row's creation)."""
    day = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def test_a_digest_goes_out_once_at_the_persons_time_with_everything_held(school):
    teacher = make_user(school, Role.STAFF)
    notice_preferences_set(
        user=teacher, modes={"repairs": "digest"}, digest_time=datetime.time(17, 30)
    )
    notify(recipients=[teacher], title="报修已派单", body="张师傅", url="/repairs/1/")
    notify(recipients=[teacher], title="报修已完成", url="/repairs/2/")
    outbox_deliver(now=tomorrow_at(9))
    assert mail.outbox == []
    held = OutboxMessage.objects.filter(recipient=teacher, status="held")
    assert held.count() == 2
    assert {timezone.localtime(r.next_attempt_at) for r in held} == {
        tomorrow_at(17, 30)
    }

    run_clock(now=tomorrow_at(17, 29))
    assert mail.outbox == []
    run_clock(now=tomorrow_at(17, 30))
    (digest,) = mail.outbox
    assert digest.to == [teacher.email]
    assert "2" in digest.subject
    assert "报修已派单" in digest.body and "报修已完成" in digest.body
    assert "张师傅" in digest.body and "/repairs/1/" in digest.body
    assert set(
        held.model.objects.filter(recipient=teacher, kind="repairs").values_list(
            "status", flat=True
        )
    ) == {"in_digest"}
    run_clock(now=tomorrow_at(17, 45))
    run_clock(now=tomorrow_at(23, 0))
    assert len(mail.outbox) == 1


def test_a_notice_after_the_digest_time_waits_for_the_next_day(school):
    teacher = make_user(school)
    notice_preferences_set(
        user=teacher, modes={"repairs": "digest"}, digest_time=datetime.time(7, 0)
    )
    notify(recipients=[teacher], title="报修已派单", url="/repairs/1/")
    outbox_deliver(now=tomorrow_at(8))
    row = OutboxMessage.objects.get(recipient=teacher)
    assert timezone.localtime(row.next_attempt_at) == tomorrow_at(
        7
    ) + datetime.timedelta(days=1)


def test_urgent_notices_go_at_once_whatever_the_person_chose(school):
    teacher = make_user(school)
    notice_preferences_set(
        user=teacher,
        modes={"repairs": "off", "logistics": "digest"},
        digest_time=datetime.time(17, 0),
    )
    notify(recipients=[teacher], title="紧急：水管爆裂", url="/repairs/3/", urgent=True)
    notify(recipients=[teacher], title="停电通知", urgent=True)
    outbox_deliver(now=tomorrow_at(9))
    assert sorted(m.subject for m in mail.outbox) == ["停电通知", "紧急：水管爆裂"]


def test_notices_a_person_turned_off_only_ring_the_bell(school):
    teacher = make_user(school)
    other = make_user(school)
    notice_preferences_set(
        user=teacher, modes={"repairs": "off"}, digest_time=datetime.time(17, 0)
    )
    notify(recipients=[teacher, other], title="报修已完成", url="/repairs/4/")
    notify(recipients=[teacher], title="导出完成", url="/jobs/1/")
    outbox_deliver(now=tomorrow_at(9))
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted(
        [(other.email, "报修已完成"), (teacher.email, "导出完成")]
    )
    assert Notification.objects.filter(recipient=teacher).count() == 2
    assert OutboxMessage.objects.get(recipient=teacher, kind="repairs").status == (
        "skipped"
    )


def test_the_preferences_page_saves_each_kind_and_the_digest_time(school, client_for):
    teacher = make_user(school, Role.STAFF)
    client = client_for(teacher)
    page = client.get(reverse("notice-preferences")).content.decode()
    assert "每日汇总" in page and 'name="kind_repairs"' in page
    data = {"kind_repairs": "digest", "kind_reminders": "now", "digest_time": "16:45"}
    # Every other kind (each installed app adds its own) stays at once.
    kinds = re.findall(r'name="(kind_\w+)"', page)
    data |= {name: "now" for name in kinds if name not in data}
    response = client.post(reverse("notice-preferences"), data)
    assert response.status_code == 302
    preference = NoticePreference.objects.get(user=teacher)
    assert preference.modes == {"repairs": "digest"}
    assert preference.digest_time == datetime.time(16, 45)
    assert preference.school == school
    page = client.get(reverse("notice-preferences")).content.decode()
    assert 'value="16:45"' in page


def test_the_preferences_page_refuses_an_unknown_choice(school, client_for):
    teacher = make_user(school)
    response = client_for(teacher).post(
        reverse("notice-preferences"),
        {"kind_repairs": "hourly", "digest_time": "16:45"},
    )
    assert response.status_code == 200
    assert not NoticePreference.objects.exists()
