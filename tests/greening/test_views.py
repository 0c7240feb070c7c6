"""Greening pages: the keeper's phone page, scoring from the zone page, the plan,
rankings, exports read back and PDFs with a CJK font."""

import datetime
import io

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from greening import services
from greening.models import CareLog, Inspection, Plant
from tests.repairs.test_output import pdf_text_and_fonts

from .conftest import photo_upload
from .factories import daily_watering, species

pytestmark = pytest.mark.django_db

SCORES = {"green": 9, "beautiful": 8, "clean_score": 10, "fragrant": 7}


def test_keeper_sees_todays_watering_and_ticks_it_off_with_a_photo(
    client_for, garden, keeper
):
    plan = daily_watering(garden, at=datetime.time(0, 0))
    client = client_for(keeper)
    page = client.get(reverse("greening:today"))
    assert "教学楼前花坛" in page.content.decode()
    response = client.post(
        reverse("greening:task-done", args=[plan.pk]), {"photo": photo_upload()}
    )
    assert response.status_code == 302
    log = CareLog.objects.get(plan=plan)
    assert log.by == keeper and log.photo
    page = client.get(reverse("greening:today"))
    assert "every task in your zones is done" in page.content.decode()


def test_a_keeper_cannot_tick_off_another_zones_task(client_for, garden, school):
    from logistics.roles import Role
    from tests.factories import make_user

    plan = daily_watering(garden)
    stranger = make_user(school, Role.ZONE_KEEPER)
    response = client_for(stranger).post(reverse("greening:task-done", args=[plan.pk]))
    assert response.status_code == 404
    assert not CareLog.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused(client_for, garden, keeper):
    from django.core.files.uploadedfile import SimpleUploadedFile

    plan = daily_watering(garden)
    client_for(keeper).post(
        reverse("greening:task-done", args=[plan.pk]),
        {"photo": SimpleUploadedFile("x.jpg", b"not an image")},
    )
    assert not CareLog.objects.exists()


def test_head_scores_from_the_zone_page_and_files_a_repair(client_for, garden, head):
    client = client_for(head)
    page = client.get(garden.get_absolute_url())
    assert "Score this week" in page.content.decode()
    response = client.post(
        reverse("greening:inspect", args=[garden.pk]),
        {
            "score-green": "9",
            "score-beautiful": "8",
            "score-clean_score": "10",
            "score-fragrant": "7",
            "score-problem": "喷灌头漏水",
            "score-file_repair": "on",
            "score-repair_category": "water",
            "score-photo": photo_upload(),
        },
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert inspection.total == 34 and inspection.repair_number
    page = client.get(garden.get_absolute_url()).content.decode()
    assert inspection.repair_number in page


def test_a_keeper_sees_no_score_form_on_their_own_zone(client_for, garden, head):
    garden.keepers.add(head)
    page = client_for(head).get(garden.get_absolute_url()).content.decode()
    assert "Score this week" not in page
    assert "someone else scores it" in page


def test_zone_page_shows_keep_off_after_a_spray(client_for, garden, keeper):
    services.care_log_create(
        zone=garden,
        by=keeper,
        task="spray",
        product="吡虫啉",
        amount=1,
        safety_note="勿入",
    )
    page = client_for(keeper).get(garden.get_absolute_url()).content.decode()
    assert 'data-testid="keep-off"' in page


def test_care_form_posts_a_spray_with_a_material(client_for, garden, keeper, warehouse):
    response = client_for(keeper).post(
        reverse("greening:care-log", args=[garden.pk]),
        {
            "care-task": "spray",
            "care-product": "吡虫啉",
            "care-amount": "0.5",
            "care-amount_unit": "升",
            "care-safety_note": "喷后两天勿入",
            "care-material_code": "NY-001",
            "care-material_quantity": "1",
        },
    )
    assert response.status_code == 302
    log = CareLog.objects.get()
    assert log.keep_off_until and log.materials.get().movement_id


def test_campus_plan_upload_and_outline(client_for, garden, head):
    client = client_for(head)
    response = client.post(
        reverse("greening:plan-upload", args=[garden.campus_id]),
        {"image": photo_upload("plan.jpg")},
    )
    assert response.status_code == 302
    client.post(
        reverse("greening:zone-outline", args=[garden.pk]),
        {"outline": "[[0.1,0.1],[0.4,0.1],[0.4,0.3]]"},
    )
    garden.refresh_from_db()
    assert garden.outline == [[0.1, 0.1], [0.4, 0.1], [0.4, 0.3]]
    page = client.get(reverse("greening:plan") + f"?campus={garden.campus_id}")
    assert 'id="plan-data"' in page.content.decode()
    refused = client.post(
        reverse("greening:zone-outline", args=[garden.pk]),
        {"outline": "[[0.1,0.1],[4,0.1],[0.4,0.3]]"},
    )
    assert refused.status_code == 302
    garden.refresh_from_db()
    assert garden.outline[1] == [0.4, 0.1]


def test_plants_and_the_replacement_list(client_for, garden, keeper, head):
    rose = species(garden.school)
    client_for(keeper).post(
        reverse("greening:plant-add", args=[garden.pk]),
        {"plant-species": rose.pk, "plant-count": "12", "plant-condition": "dead"},
    )
    plant = Plant.objects.get()
    assert plant.count == 12
    page = client_for(head).get(reverse("greening:replacements")).content.decode()
    assert "教学楼前花坛" in page


def _scored(garden, head, week=None):
    return services.inspection_record(
        zone=garden, by=head, scores=SCORES, remarks="=1+1", week=week
    )[0]


def test_rankings_page_has_chart_data_and_a_table(client_for, garden, head, staff):
    from logistics.models import SchoolClass

    garden.school_class = SchoolClass.objects.create(
        school=garden.school, grade=7, number=3
    )
    garden.save()
    _scored(garden, head)
    page = client_for(staff).get(reverse("greening:rankings")).content.decode()
    assert 'id="ranking-chart"' in page and "34.0" in page


def test_ranking_pdf_has_the_names_and_a_cjk_font(client_for, garden, head, staff):
    _scored(garden, head)
    response = client_for(staff).get(reverse("greening:rankings-pdf"))
    text, fonts = pdf_text_and_fonts(response.content)
    assert "李园丁" in text
    assert any("CJK" in name for name in fonts), fonts


def test_responsibility_list_pdf(client_for, garden, staff):
    garden.standard = "无杂草、无垃圾"
    garden.save()
    response = client_for(staff).get(reverse("greening:responsibilities-pdf"))
    text, fonts = pdf_text_and_fonts(response.content)
    assert "教学楼前花坛" in text and "李园丁" in text and "无杂草" in text
    assert any("CJK" in name for name in fonts), fonts


def _sheet(response):
    data = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(data)).active


def test_score_export_is_formula_safe_and_honours_filters(
    client_for, garden, head, place
):
    from .factories import zone

    _scored(garden, head)
    other = zone(garden.school, name="操场", location=place)
    _scored(other, head)
    sheet = _sheet(
        client_for(head).get(
            reverse("greening:export-scores") + f"?zone_id={garden.pk}"
        )
    )
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 1
    assert rows[0][1] == "教学楼前花坛" and rows[0][8] == 34
    assert rows[0][10] == "=1+1"  # text, not a formula
    assert sheet.cell(row=4, column=11).data_type == "s"


def test_zone_and_care_exports_read_back(client_for, garden, head, keeper):
    services.care_log_create(zone=garden, by=keeper, task="water", note="@SUM(A1)")
    zones = _sheet(client_for(head).get(reverse("greening:export-zones")))
    zone_rows = list(zones.iter_rows(min_row=4, values_only=True))
    assert zone_rows[0][0] == "教学楼前花坛" and "李园丁" in zone_rows[0][5]
    care = _sheet(client_for(head).get(reverse("greening:export-care") + "?task=water"))
    care_rows = list(care.iter_rows(min_row=4, values_only=True))
    assert care_rows[0][1] == "教学楼前花坛" and care_rows[0][9] == "@SUM(A1)"
    none = _sheet(client_for(head).get(reverse("greening:export-care") + "?task=mow"))
    assert list(none.iter_rows(min_row=4, values_only=True)) == []


def test_keeper_sees_only_their_zones(client_for, garden, school, place):
    from logistics.roles import Role
    from tests.factories import make_user

    from .factories import zone

    other = zone(school, name="篮球场", location=place)
    stranger = make_user(school, Role.ZONE_KEEPER)
    assert client_for(stranger).get(garden.get_absolute_url()).status_code == 404
    other.keepers.add(stranger)
    page = client_for(stranger).get(reverse("greening:zones")).content.decode()
    assert "篮球场" in page and "教学楼前花坛" not in page


def test_today_page_and_rankings_take_constant_queries(
    client_for, garden, keeper, head, school, place, django_assert_max_num_queries
):
    from .factories import zone

    for n in range(6):
        extra = zone(school, keepers=[keeper], name=f"绿地{n}", location=place)
        daily_watering(extra)
        _scored(extra, head)
    client = client_for(keeper)
    client.get(reverse("greening:today"))  # the session settles
    with django_assert_max_num_queries(20):
        assert client.get(reverse("greening:today")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("greening:rankings")).status_code == 200
