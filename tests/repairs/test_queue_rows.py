"""The queue's rows, joined in Python (repairs/rows.py): what people typed stays
text, overdue requests stand out in both languages, and each row's assign form
posts with the page's CSRF token and comes back to the page."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

import lxml.html
import pytest

from logistics.roles import Role
from repairs.choices import RepairStatus, Urgency
from tests.factories import LocationFactory, make_user

from .factories import RepairRequestFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("repairs:queue")
TYPED = '<img src=x onerror="alert(1)"> & 讲台灯不亮'


def rows_of(client, url=QUEUE, language="zh-hans"):
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content.decode())
    return response, tree.xpath("//table//tbody/tr")


def row_of(rows, repair):
    (row,) = [row for row in rows if row.xpath(f".//a[text()='{repair.number}']")]
    return row


def test_what_people_typed_is_shown_as_text(client_for, head, school, location):
    requester = make_user(school, Role.STAFF, real_name="<b>王老师</b>")
    repair = RepairRequestFactory(
        location=location, requester=requester, description=TYPED
    )
    response, rows = rows_of(client_for(head))
    html = response.content.decode()
    assert "<img src=x" not in html and "<b>王老师</b>" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; 讲台灯不亮" in html
    row = row_of(rows, repair)
    assert row.xpath("string(td[1]/div[1])") == TYPED
    assert row.xpath("string(td[6])") == "<b>王老师</b>"
    assert not row.xpath(".//img | .//b")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_cell_shows_the_request_in_the_page_language(
    client_for, head, staff, school, language
):
    place = LocationFactory(
        school=school,
        building__campus__school=school,
        building__name="A&B楼",
        name="<i>203</i>室",
    )
    filed = datetime.datetime(2026, 3, 1, 16, 30, tzinfo=datetime.UTC)
    repair = RepairRequestFactory(
        location=place,
        requester=staff,
        category="water",
        urgency=Urgency.URGENT,
        created_at=filed,
        due_at=filed + datetime.timedelta(days=3650),
    )
    _response, rows = rows_of(client_for(head), language=language)
    row = row_of(rows, repair)
    with translation.override(language):
        category, urgency = str(repair.category), repair.get_urgency_display()
    assert urgency == {"en": "Urgent", "zh-hans": "紧急"}[language]
    cells = [" ".join(cell.text_content().split()) for cell in row.xpath("td")]
    assert cells[1:5] == ["A&B楼 <i>203</i>室", category, urgency, "2026-03-02 00:30"]
    # On a phone the same three under the description, in one line.
    assert (
        row.xpath("string(td[1]/div[2])")
        == f"A&B楼 <i>203</i>室 · {category} · {urgency}"
    )
    assert not row.xpath(".//i")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_overdue_row_is_marked(client_for, head, staff, location, language):
    now = timezone.now()
    late = RepairRequestFactory(
        location=location,
        requester=staff,
        created_at=now - timezone.timedelta(days=5),
        due_at=now - timezone.timedelta(hours=1),
    )
    on_time = RepairRequestFactory(location=location, requester=staff)
    _response, rows = rows_of(client_for(head), language=language)
    with translation.override(language):
        overdue = translation.gettext("Overdue")
    assert "table-danger" in row_of(rows, late).get("class")
    badges = row_of(rows, late).xpath("td[7]/span/text()")
    assert badges[-1] == overdue
    assert row_of(rows, on_time).get("class") is None
    assert overdue not in row_of(rows, on_time).xpath("string(td[7])")


def test_a_rows_assign_form_posts_and_comes_back_to_the_page(
    head, technician, staff, location
):
    repair = RepairRequestFactory(location=location, requester=staff)
    client = Client(enforce_csrf_checks=True)
    client.force_login(head)
    url = QUEUE + "?urgency=normal"
    _response, rows = rows_of(client, url)
    (form,) = row_of(rows, repair).xpath(".//form")
    assert form.get("action") == reverse("repairs:assign", args=[repair.pk])
    fields = {field.get("name"): field.get("value") for field in form.xpath(".//input")}
    assert fields["next"] == url
    (label,) = form.xpath(".//label")
    assert label.get("for") == f"tech-{repair.pk}" == form.xpath(".//select/@id")[0]
    assert label.text == f"{repair.number} 的维修工"
    fields["technician"] = str(technician.pk)
    response = client.post(form.get("action"), fields)
    assert response.status_code == 302 and response["Location"] == url
    repair.refresh_from_db()
    assert repair.status == RepairStatus.ASSIGNED
    assert repair.technician == technician


@pytest.fixture
def with_technician(location, staff, technician):
    return RepairRequestFactory(
        location=location,
        requester=staff,
        technician=technician,
        status=RepairStatus.ASSIGNED,
    )


def test_an_assigned_row_offers_reassign_with_its_technician_chosen(
    client_for, head, technician, with_technician
):
    repair = with_technician
    _response, rows = rows_of(client_for(head), language="en")
    row = row_of(rows, repair)
    assert row.xpath("string(.//button)") == "Reassign"
    assert row.xpath(".//option[@selected]/@value") == [str(technician.pk)]
    assert row.xpath(".//option[1]/text()") == ["Choose…"]


def test_who_may_not_assign_sees_the_technician_not_a_picker(
    client_for, accountant, technician, with_technician
):
    repair = with_technician
    _response, rows = rows_of(client_for(accountant))
    row = row_of(rows, repair)
    assert not row.xpath(".//form | .//select")
    assert row.xpath("string(td[8])") == technician.profile.real_name


def test_an_empty_queue_says_so(client_for, head):
    _response, rows = rows_of(client_for(head), language="en")
    assert [row.xpath("string(.)") for row in rows] == [
        "Nothing matches these filters."
    ]
