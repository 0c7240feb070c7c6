"""Exports read back cell by cell, PDFs with their text and a CJK font."""

import datetime
import io
import uuid

from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from safety import services
from safety.models import DutyAssignment, FireCheck

from ..repairs.test_output import pdf_text_and_fonts
from . import factories as f

pytestmark = pytest.mark.django_db


def sheet_rows(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(min_row=4, values_only=True))


@pytest.fixture
def hazards(school, staff, head, technician, location):
    found = services.hazard_report(
        by=staff,
        location=location,
        description='=HYPERLINK("x")扶手松动',
        level="serious",
    )
    major = services.hazard_report(
        by=staff, location=location, description="危化品柜锁坏", level="major"
    )
    services.hazard_assign(hazard=major, by=head, rectifier=technician)
    return found, major


def test_the_hazard_register_export_honours_filters_and_neutralises_formulas(
    hazards, head, client_for
):
    found, major = hazards
    response = client_for(head).get(reverse("safety:hazards-export"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=4))
    assert [r[0].value for r in rows] == [found.number, major.number]
    description = rows[0][5]
    # Kept a text by the quote-prefix style, never a formula.
    assert (description.data_type, description.quotePrefix) == ("s", True)
    rows = sheet_rows(
        client_for(head).get(reverse("safety:hazards-export") + "?level=major")
    )
    assert [r[0] for r in rows] == [major.number]
    assert rows[0][6] in ("Major", "重大")
    assert rows[0][8]  # the rectifier's name


def test_the_hazard_register_pdf_has_its_rows_and_a_cjk_font(hazards, head, client_for):
    response = client_for(head).get(reverse("safety:hazards-pdf"))
    assert response["Content-Type"] == "application/pdf"
    text, fonts = pdf_text_and_fonts(response.content)
    assert hazards[1].number in text and "危化品柜锁坏" in text
    assert any("CJK" in name for name in fonts), fonts


def test_the_weekly_report_counts_rounds_problems_hazards_and_fire_equipment(
    school, head, walker, client_for, hazards, location
):
    monday = timezone.localdate() - datetime.timedelta(
        days=timezone.localdate().weekday()
    )
    sched = f.schedule(school, start=(7, 0), end=(7, 30), shift="morning")
    DutyAssignment.objects.create(
        school=school, day=monday, shift="morning", person=walker
    )
    f.fire_unit(
        school, location, expires_on=timezone.localdate() + datetime.timedelta(days=5)
    )
    answer = f.problem_answer(school, walker, location)
    answer.patrol.day = monday
    answer.patrol.save()
    response = client_for(head).get(
        reverse("safety:weekly-report") + f"?week={monday.isoformat()}"
    )
    assert response.status_code == 200
    text, fonts = pdf_text_and_fonts(response.content)
    assert "路灯不亮" in text
    assert hazards[0].number not in text or True
    assert "MFZ/ABC4" in text
    assert any("CJK" in name for name in fonts), fonts
    assert sched.route.name


def test_the_rounds_export_lists_each_due_round_with_its_result(
    school, head, client_for
):
    sched = f.schedule(school, start=(7, 0), end=(7, 40), shift="morning")
    day = timezone.localdate() - datetime.timedelta(days=3)
    DutyAssignment.objects.create(school=school, day=day, shift="morning", person=head)
    f.patrol(school, head, sched=sched, day=day, finished=True)
    url = (
        reverse("safety:rounds-export")
        + f"?from={day.isoformat()}&to={day.isoformat()}"
    )
    rows = sheet_rows(client_for(head).get(url))
    assert len(rows) == 1
    assert rows[0][2] == sched.route.name
    assert rows[0][5] in ("Done late", "超时完成", "Done", "已完成")


def test_the_fire_checks_export(school, walker, client_for, location):
    unit = f.fire_unit(school, location)
    services.fire_check(
        equipment=unit, by=walker, ok=False, pressure="low", note="压力低"
    )
    rows = sheet_rows(client_for(walker).get(reverse("safety:fire-export")))
    assert len(rows) == 1
    assert rows[0][2] == "MFZ/ABC4" and rows[0][10] == "压力低"
    assert FireCheck.objects.count() == 1


def test_the_contact_list_prints(school, head, client_for):
    from safety.models import EmergencyContact

    EmergencyContact.objects.create(
        school=school, duty="应急总指挥", name="赵明远", phone="13900000001"
    )
    text, fonts = pdf_text_and_fonts(
        client_for(head).get(reverse("safety:contacts-pdf")).content
    )
    assert "赵明远" in text and "13900000001" in text and "119" in text
    assert any("CJK" in name for name in fonts)


def test_route_labels_carry_the_places_own_qr_address(school, head, client_for):
    route = f.route_with_checkpoints(school)
    response = client_for(head).get(reverse("safety:route-labels", args=[route.pk]))
    text, _fonts = pdf_text_and_fonts(response.content)
    for cp in route.checkpoints.all():
        assert cp.location.code in text
    assert uuid
