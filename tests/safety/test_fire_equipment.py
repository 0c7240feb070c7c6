"""Fire equipment: monthly checks in one tap, expiry listed and notified ahead by
the school's own number of days, and the link to an asset card."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest

from logistics.models import Notification
from logistics.registry import registry
from logistics.rules import school_rules_set
from safety import services
from safety.models import FireCheck, FireEquipment

from . import factories as f

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days(n):
    return TODAY() + datetime.timedelta(days=n)


def test_expiring_and_expired_units_are_listed_by_the_schools_notice_days(
    school, head, client_for, location
):
    soon = f.fire_unit(school, location, expires_on=days(20))
    later = f.fire_unit(school, location, expires_on=days(45))
    gone = f.fire_unit(school, location, expires_on=days(-1))
    rows = client_for(head).get(reverse("safety:fire-due")).context["rows"]
    assert [(u.pk, u.state) for u in rows] == [
        (gone.pk, "expired"),
        (soon.pk, "expiring"),
    ]
    school_rules_set(school=school, values={"safety.FIRE_NOTICE_DAYS": 60}, by=head)
    rows = client_for(head).get(reverse("safety:fire-due")).context["rows"]
    assert later.pk in [u.pk for u in rows]


def test_the_head_is_notified_once_of_units_entering_the_notice_period(
    school, head, location
):
    f.fire_unit(school, location, expires_on=days(10))
    f.fire_unit(school, location, expires_on=days(200))
    assert services.fire_expiry_notify(school_id=school.pk) == 1
    notice = Notification.objects.get(recipient=head)
    assert "1" in notice.shown_title
    assert services.fire_expiry_notify(school_id=school.pk) == 0
    assert Notification.objects.filter(recipient=head).count() == 1


def test_the_daily_command_notifies_and_purges(school, head, location):
    f.fire_unit(school, location, expires_on=days(3))
    call_command("safety_daily")
    assert Notification.objects.filter(recipient=head).exists()


def test_one_tap_per_unit_and_the_whole_room(school, walker, client_for, location):
    a = f.fire_unit(school, location)
    b = f.fire_unit(school, location, kind="emergency_light")
    client = client_for(walker)
    client.post(reverse("safety:fire-check", args=[a.pk]), {"ok": "1"})
    assert FireCheck.objects.get().equipment == a
    client.post(reverse("safety:fire-room-check", args=[location.pk]))
    # a was checked this month already: only b is added.
    assert FireCheck.objects.count() == 2
    assert set(FireCheck.objects.values_list("equipment_id", flat=True)) == {a.pk, b.pk}
    page = client.get(reverse("safety:fire-room", args=[location.pk])).context
    assert all(u.checked_this_month for u in page["units"])


def test_a_unit_not_in_order_tells_the_head(school, walker, head, location):
    unit = f.fire_unit(school, location)
    services.fire_check(
        equipment=unit, by=walker, ok=False, pressure="low", note="压力不足"
    )
    unit.refresh_from_db()
    assert unit.pressure == "low"
    assert Notification.objects.filter(recipient=head).exists()


def test_a_check_resent_with_its_id_is_stored_once(school, walker, location):
    unit = f.fire_unit(school, location)
    key = "3f1c6a9e-1111-4222-8333-444455556666"
    services.fire_check(equipment=unit, by=walker, client_id=key)
    services.fire_check(equipment=unit, by=walker, client_id=key)
    assert FireCheck.objects.count() == 1


def test_a_unit_links_to_its_asset_card_through_the_registry(
    school, head, client_for, location, monkeypatch
):
    f.fire_unit(school, location, asset_number="ZC-0001")
    monkeypatch.setitem(
        registry.resolvers, "asset", lambda user, key: ("灭火器 ZC-0001", "/assets/1/")
    )
    page = client_for(head).get(reverse("safety:fire-room", args=[location.pk]))
    assert b'href="/assets/1/"' in page.content
    monkeypatch.delitem(registry.resolvers, "asset")
    page = client_for(head).get(reverse("safety:fire-room", args=[location.pk]))
    assert page.status_code == 200 and b"ZC-0001" in page.content


def test_another_schools_unit_is_not_found(other_school, walker, client_for):
    unit = f.fire_unit(other_school)
    response = client_for(walker).post(reverse("safety:fire-check", args=[unit.pk]))
    assert response.status_code == 404
    assert not FireCheck.objects.exists()
    assert FireEquipment.objects.count() == 1
