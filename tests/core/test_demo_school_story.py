"""The demo school tells a consistent story: nothing has happened later than now,
each repair happened at a place where it can, each building asset is in its
building."""

import datetime
import zoneinfo

from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

import pytest

from assets.models import Asset
from logistics.choices import LocationKind
from logistics.models import Location, Notification, TransitionLog
from repairs.models import RepairRequest
from repairs.seed import PROBLEMS, _fits

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# Times that are deadlines or expiries, meant to lie ahead.
FORWARD_LOOKING = {"due_at", "expire_date", "expires_at", "keep_off_until"}


def seed_at(monkeypatch, hour, minute):
    """Seed the demo school as if it were tomorrow at hour:minute in Shanghai (after
    the real now, so rows stamped with the real clock are not in its future)."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    now = datetime.datetime.combine(
        tomorrow, datetime.time(hour, minute), tzinfo=SHANGHAI
    ).astimezone(datetime.UTC)  # as Django's clock gives it
    monkeypatch.setattr(timezone, "now", lambda: now)
    call_command("seed_demo", verbosity=0)
    return now


@pytest.mark.parametrize("hour,minute", [(7, 5), (12, 0), (18, 30), (23, 55)])
def test_no_timestamp_of_the_demo_school_is_later_than_now(monkeypatch, hour, minute):
    now = seed_at(monkeypatch, hour, minute)
    assert TransitionLog.objects.exists() and RepairRequest.objects.exists()
    later = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.DateTimeField)
                and field.name not in FORWARD_LOOKING
            ):
                rows = model._default_manager.filter(**{f"{field.name}__gt": now})
                later += [(model._meta.label, field.name, row.pk) for row in rows]
    assert later == []


def test_each_repairs_history_runs_in_order_within_school_hours(monkeypatch):
    seed_at(monkeypatch, 9, 30)
    for repair in RepairRequest.objects.all():
        steps = [
            repair.created_at,
            repair.assigned_at,
            repair.started_at,
            repair.done_at,
            repair.closed_at,
        ]
        steps = [at for at in steps if at is not None]
        assert steps == sorted(steps), repair
        assert 7 <= timezone.localtime(repair.created_at).hour <= 17, repair
        entries = [entry.at for entry in repair.timeline()]
        assert entries == sorted(entries), repair


def test_notifications_are_not_from_the_future(monkeypatch):
    now = seed_at(monkeypatch, 7, 5)
    assert not Notification.objects.filter(created_at__gt=now).exists()


def test_each_repair_happened_where_it_can_and_its_work_fits_it():
    call_command("seed_demo", verbosity=0)
    problems = {
        text: (where, work, {name for name, _unit in parts})
        for items in PROBLEMS.values()
        for text, where, work, parts in items
    }
    for repair in RepairRequest.objects.select_related("location__building"):
        where, work, part_names = problems[repair.description]
        assert _fits(repair.location, where), (repair.description, repair.location)
        assert repair.work_done in ("", work), repair
        assert {p.name for p in repair.parts.all()} <= part_names, repair


def test_a_dormitory_washrooms_lamp_is_filed_in_a_dormitory_washroom():
    call_command("seed_demo", verbosity=0)
    lamps = RepairRequest.objects.filter(description="宿舍卫生间灯坏了")
    assert lamps.exists()
    for repair in lamps.select_related("location__building"):
        assert repair.location.kind == LocationKind.WASHROOM
        assert "宿舍" in repair.location.building.name


def test_building_assets_are_located_in_their_building():
    call_command("seed_demo", verbosity=0)
    buildings = Asset.objects.filter(category__code="1020000").select_related(
        "location__building"
    )
    assert buildings.count() >= 2
    for asset in buildings:
        assert asset.location.building is not None, asset
        assert asset.location.building.name == asset.name, asset
    track = Asset.objects.get(name="田径运动场塑胶跑道")
    assert track.location.name == "田径运动场"


def test_every_teaching_building_and_dormitory_has_a_washroom():
    call_command("seed_demo", verbosity=0)
    with_washroom = set(
        Location.objects.filter(kind=LocationKind.WASHROOM).values_list(
            "building__name", flat=True
        )
    )
    assert {"明德楼", "致远楼", "学生宿舍1号楼", "学生宿舍2号楼"} <= with_washroom
