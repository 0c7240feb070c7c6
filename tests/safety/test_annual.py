"""Campus safety's section of the annual logistics report: every figure exact,
only the school's own rows of the year, a fixed number of queries."""

import datetime
import uuid
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from logistics.roles import Role
from safety import services
from safety.annual import annual_section
from safety.models import FireCheck, Hazard, PatrolRound, RoundAnswer, Visitor

from ..factories import LocationFactory, make_user
from ..repairs.factories import image_upload
from . import factories as f

pytestmark = pytest.mark.django_db

# Last year: every day of it is in the past, so the services take its times.
YEAR = timezone.localdate().year - 1


def at(month, day, hour=9, minute=0, year=YEAR):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def figures(section):
    with translation.override("en"):
        return {str(figure.label): figure.value for figure in section.figures}


def walk(school, walker, sched, day, *, problems=0, fine=0, finished=True):
    """A round of ``sched`` on ``day`` answered through the services: ``problems``
    items found wrong, ``fine`` found in order; finished unless told."""
    patrol = f.patrol(school, walker, sched=sched, day=day)
    checkpoints = list(sched.route.checkpoints.all())
    items = [(cp, item) for cp in checkpoints for item in cp.kind.items]
    for n, (checkpoint, item) in enumerate(items[: problems + fine]):
        services.round_answer(
            patrol=patrol,
            checkpoint=checkpoint,
            item=item,
            answer="problem" if n < problems else "ok",
            by=walker,
            client_id=uuid.uuid4(),
        )
    if finished:
        services.round_finish(patrol=patrol, by=walker)
    return patrol


def report(staff, location, when):
    return services.hazard_report(
        by=staff,
        location=location,
        description="三楼楼梯扶手松动",
        level="serious",
        at=when,
    )


def assign(hazard, head, technician):
    return services.hazard_assign(
        hazard=hazard,
        by=head,
        rectifier=technician,
        rectify_by=timezone.localdate() + datetime.timedelta(days=3),
    )


def rectify(hazard, technician):
    return services.hazard_rectify(
        hazard=hazard, by=technician, note="已加固扶手", photo=image_upload()
    )


@pytest.fixture
def year_of_safety(school, walker, head, staff, technician, gate):
    night = f.schedule(school)
    # Rounds of the year: two finished (3 problems), one begun and never
    # finished (1 problem); one of the day before the year.
    walk(school, walker, night, datetime.date(YEAR, 1, 1), problems=2, fine=1)
    walk(school, walker, night, datetime.date(YEAR, 12, 31), problems=1)
    walk(school, walker, night, datetime.date(YEAR, 6, 1), problems=1, finished=False)
    walk(school, walker, night, datetime.date(YEAR - 1, 12, 31), problems=2)

    # Hazards found in the year: reported, being rectified, rectified, closed
    # (through the services), and one closed long ago (a register row).
    place = LocationFactory(school=school, building__campus__school=school)
    report(staff, place, at(1, 1, 0, 0))
    assign(report(staff, place, at(3, 1)), head, technician)
    rectify(assign(report(staff, place, at(5, 1)), head, technician), technician)
    closing = rectify(
        assign(report(staff, place, at(12, 31, 23, 59)), head, technician),
        technician,
    )
    services.hazard_close(hazard=closing, by=head, note="复查合格")
    f.hazard(school, staff, status="closed", found_at=at(2, 2))
    # The years around: a hazard of the minute before, one of the minute after.
    for when in (at(12, 31, 23, 59, year=YEAR - 1), at(1, 1, 0, 0, year=YEAR + 1)):
        row = report(staff, place, at(7, 7))
        Hazard.objects.filter(pk=row.pk).update(found_at=when)

    # Fire equipment: three checks of the year (one found a fault), one of the next.
    unit = f.fire_unit(school, place)
    services.fire_check(equipment=unit, by=walker, at=at(1, 1, 0, 0))
    services.fire_check(
        equipment=unit,
        by=walker,
        ok=False,
        pressure="low",
        note="压力不足",
        at=at(4, 1),
    )
    services.fire_check(equipment=unit, by=walker, at=at(12, 31, 23, 59))
    late = services.fire_check(equipment=unit, by=walker, at=at(8, 1))
    FireCheck.objects.filter(pk=late.pk).update(
        checked_at=at(1, 1, 0, 0, year=YEAR + 1)
    )

    # Visitors registered at the gate (today), moved into the years.
    for when in (at(3, 3), at(12, 31, 23, 59), at(12, 31, 23, 59, year=YEAR - 1)):
        visitor = services.visitor_register(
            by=gate, name="王五", host="陈志强", reason="送货", people=2
        )
        Visitor.objects.filter(pk=visitor.pk).update(time_in=when)
    services.visitor_register(by=gate, name="赵六", host="李老师", reason="开会")


@pytest.fixture
def elsewhere(other_school):
    """The same kinds of rows, in the year, at another school."""
    person = make_user(other_school, Role.STAFF, Role.LOGISTICS_HEAD)
    answer = f.problem_answer(other_school, person)
    PatrolRound.objects.filter(pk=answer.patrol_id).update(
        day=datetime.date(YEAR, 5, 5), finished_at=at(5, 5)
    )
    f.hazard(other_school, person, status="closed", found_at=at(5, 5))
    FireCheck.objects.create(
        school=other_school,
        equipment=f.fire_unit(other_school),
        by=person,
        ok=False,
        checked_at=at(5, 5),
    )
    f.visitor(other_school, person, time_in=at(5, 5))


def test_every_figure_of_the_year_is_exact(school, year_of_safety, elsewhere):
    section = annual_section(school.pk, YEAR)
    assert section.order == 60 and section.url == reverse("safety:index")
    with translation.override("en"):
        assert str(section.title) == "Campus safety"
    assert figures(section) == {
        "Patrol rounds walked": 2,
        "Problems found on rounds": 4,
        "Hazards reported": 5,
        "Rectified, of those reported": 3,
        "Rectification rate": Decimal("60.0"),
        "Closed after re-inspection, of those reported": 2,
        "Still open, of those reported": 3,
        "Fire equipment checks": 3,
        "Checks that found a fault": 1,
        "Visitor registrations still on record": 2,
    }


def test_the_years_around_count_only_their_own_rows(school, year_of_safety):
    before = figures(annual_section(school.pk, YEAR - 1))
    assert before["Patrol rounds walked"] == 1
    assert before["Problems found on rounds"] == 2
    assert before["Hazards reported"] == 1
    assert before["Still open, of those reported"] == 1
    assert before["Fire equipment checks"] == 0
    assert before["Visitor registrations still on record"] == 1
    after = figures(annual_section(school.pk, YEAR + 1))
    assert after["Patrol rounds walked"] == 0
    assert after["Hazards reported"] == 1
    assert after["Fire equipment checks"] == 1
    assert after["Visitor registrations still on record"] == 1


def test_an_empty_year_gives_zeros_and_no_rate(other_school):
    section = annual_section(other_school.pk, YEAR)
    values = figures(section)
    assert values.pop("Rectification rate") is None
    assert set(values.values()) == {0}
    assert "—" in [figure.shown for figure in section.figures]


def test_the_section_costs_the_same_queries_however_many_rows(school, walker, staff):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            annual_section(school.pk, YEAR)
        return len(captured)

    night = f.schedule(school)
    unit = f.fire_unit(school)
    days = iter(
        datetime.date(YEAR, 3, 1) + datetime.timedelta(days=n) for n in range(99)
    )

    def add_rows(n):
        for _n in range(n):
            patrol = f.patrol(
                school, walker, sched=night, day=next(days), finished=True
            )
            RoundAnswer.objects.create(
                school=school,
                client_id=uuid.uuid4(),
                patrol=patrol,
                checkpoint=night.route.checkpoints.first(),
                item="灯光已关闭",
                answer="problem",
            )
            f.hazard(school, staff, found_at=at(3, 3))
            FireCheck.objects.create(
                school=school, equipment=unit, by=walker, checked_at=at(3, 3)
            )
            f.visitor(school, walker, time_in=at(3, 3))

    add_rows(2)
    few = queries()
    add_rows(8)
    assert queries() == few == 4
    values = figures(annual_section(school.pk, YEAR))
    assert values["Patrol rounds walked"] == values["Problems found on rounds"] == 10
    assert values["Hazards reported"] == values["Fire equipment checks"] == 10


def test_the_annual_report_page_shows_the_section(client_for, school, year_of_safety):
    head = make_user(school, Role.LOGISTICS_HEAD)
    response = client_for(head).get(f"/reports/annual/?year={YEAR}")
    assert response.status_code == 200
    page = response.content.decode()
    # The school's language: the section and its figures in Chinese.
    assert "校园安全" in page
    assert "上报隐患" in page and "5 处" in page
    assert "整改率" in page and "60.0%" in page


def test_the_reports_page_lists_the_rounds_record_and_the_weekly_report(
    client_for, head
):
    page = client_for(head).get("/reports/").content.decode()
    assert reverse("safety:rounds") in page and "巡查记录" in page
    assert reverse("safety:weekly-report") in page and "上周安全报告（PDF）" in page
