"""The visitor register: quick to fill in, the ID number never kept (masked and a
keyed hash only), shown and exported masked, purged after the school's period,
and seen only by the gate, the head and the director."""

import datetime
import io

from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from logistics.rules import school_rules_set
from safety import services
from safety.models import Visitor

pytestmark = pytest.mark.django_db

ID = "44030519900101123X"


def register(client, **extra):
    data = {
        "name": "王五",
        "phone": "13800001111",
        "id_number": ID,
        "organisation": "顺丰速运",
        "host": "陈志强",
        "reason": "送教学用品",
        "plate": "粤b12345",
        "people": "2",
        **extra,
    }
    return client.post(reverse("safety:visitors"), data)


def test_the_gate_registers_a_visitor_and_the_id_number_is_never_stored(
    gate, client_for
):
    response = register(client_for(gate))
    assert response.status_code == 302
    visitor = Visitor.objects.get()
    assert visitor.id_masked == "**************123X"
    assert visitor.plate == "粤B12345"
    assert visitor.id_hash and ID not in visitor.id_hash
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM safety_visitor")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert ID not in stored and "19900101" not in stored


def test_the_hash_is_keyed_by_the_secret_key(settings):
    first = services.id_hash(ID)
    settings.SECRET_KEY = "another-installation-" + "x" * 40
    assert services.id_hash(ID) != first


def test_a_repeat_visitor_is_recognised_by_the_id_number(gate, head, client_for):
    register(client_for(gate))
    response = register(client_for(gate), name="王五")
    assert "1" in [m.message for m in response.wsgi_request._messages][-1]
    found = client_for(head).get(
        reverse("safety:visitor-history") + "?id_number=" + ID.lower()
    )
    assert len(found.context["page_obj"].object_list) == 2


def test_time_out_in_one_tap_and_todays_list(gate, client_for):
    register(client_for(gate))
    visitor = Visitor.objects.get()
    page = client_for(gate).get(reverse("safety:visitors"))
    assert list(page.context["on_campus"]) == [visitor]
    assert ID.encode() not in page.content
    assert b"**************123X" in page.content
    client_for(gate).post(reverse("safety:visitor-out", args=[visitor.pk]))
    visitor.refresh_from_db()
    assert visitor.time_out is not None
    assert not client_for(gate).get(reverse("safety:visitors")).context["on_campus"]
    response = client_for(gate).post(
        reverse("safety:visitor-out", args=[visitor.pk]), follow=True
    )
    assert (
        "already left" in response.content.decode()
        or "已离校" in response.content.decode()
    )


def test_the_export_shows_only_the_masked_number(gate, head, client_for):
    register(client_for(gate))
    response = client_for(head).get(reverse("safety:visitors-export"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 1
    assert rows[0][2] == "王五"
    assert rows[0][4] == "**************123X"
    assert all(
        ID not in str(cell) for row in sheet.iter_rows(values_only=True) for cell in row
    )


def test_only_the_gate_head_and_director_see_the_register(people, gate, client_for):
    allowed = {gate, people["gate"], people["logistics_head"], people["director"]}
    for user in [gate, *people.values()]:
        status = client_for(user).get(reverse("safety:visitor-history")).status_code
        assert status == (200 if user in allowed else 403), user.username
    assert client_for(gate).get(reverse("safety:visitors-export")).status_code == 403


def test_records_older_than_the_schools_retention_are_purged_daily(school, gate, head):
    old = services.visitor_register(by=gate, name="甲", host="乙", reason="丙")
    recent = services.visitor_register(by=gate, name="丁", host="乙", reason="丙")
    Visitor.objects.filter(pk=old.pk).update(
        time_in=timezone.now() - datetime.timedelta(days=40)
    )
    call_command("safety_purge_visitors")
    assert Visitor.objects.count() == 2  # the default keeps 180 days
    school_rules_set(
        school=school, values={"safety.VISITOR_RETENTION_DAYS": 30}, by=head
    )
    call_command("safety_purge_visitors")
    assert list(Visitor.objects.all()) == [recent]


def test_a_malformed_id_number_is_refused(gate, client_for):
    response = register(client_for(gate), id_number="12<script>")
    assert response.status_code == 200
    assert not Visitor.objects.exists()
