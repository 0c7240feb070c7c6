"""A due date out of range or an endless description never reaches the database."""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from repairs import services
from repairs.choices import RepairStatus
from repairs.models import RepairRequest

pytestmark = pytest.mark.django_db


def row_of(repair):
    return RepairRequest.objects.filter(pk=repair.pk).values().get()


def assign_errors(response):
    """The errors the assign form came back with on the request's page."""
    [assign] = [a for a in response.context["actions"] if a.name == "assign"]
    return [str(e) for errors in assign.form.errors.values() for e in errors]


@pytest.mark.parametrize(
    "due", ["0001-01-01T00:00", "1900-01-01T00:00", "9999-12-31T23:59"]
)
def test_assign_with_an_absurd_due_date_is_a_form_error_and_changes_nothing(
    due, client_for, head, technician, filed
):
    before = row_of(filed)
    response = client_for(head).post(
        reverse("repairs:assign", args=[filed.pk]),
        {"technician": technician.pk, "due_at": due},
    )
    assert response.status_code == 200
    assert assign_errors(response)
    assert row_of(filed) == before
    assert row_of(filed)["status"] == RepairStatus.SUBMITTED
    # The pages that showed the row keep working.
    for url in (filed.get_absolute_url(), reverse("repairs:queue")):
        assert client_for(head).get(url).status_code == 200


def test_assign_with_a_due_date_before_filing_names_the_filing_time(
    client_for, head, technician, filed
):
    with translation.override("en"):
        response = client_for(head).post(
            reverse("repairs:assign", args=[filed.pk]),
            {
                "technician": technician.pk,
                "due_at": "2020-01-01T08:00",
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
    filed_at = timezone.localtime(filed.created_at).strftime("%Y-%m-%d %H:%M")
    assert any(filed_at in m for m in assign_errors(response))
    assert row_of(filed)["technician_id"] is None


def test_assign_within_the_range_sets_the_due_date(client_for, head, technician, filed):
    due = timezone.localtime() + datetime.timedelta(days=3)
    client_for(head).post(
        reverse("repairs:assign", args=[filed.pk]),
        {"technician": technician.pk, "due_at": due.strftime("%Y-%m-%dT%H:%M")},
    )
    filed.refresh_from_db()
    assert filed.status == RepairStatus.ASSIGNED
    assert filed.due_at == due.replace(second=0, microsecond=0)


@pytest.mark.parametrize(
    "due",
    [
        datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
        datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC),
    ],
)
def test_the_assign_service_refuses_an_absurd_due_date_too(
    due, head, technician, filed
):
    with pytest.raises(ValidationError) as caught:
        services.repair_request_assign(
            repair=filed, technician=technician, by=head, due_at=due
        )
    assert caught.value.code in {"date_too_early", "date_too_late"}
    assert row_of(filed)["technician_id"] is None


def test_the_assign_form_offers_due_times_from_filing(head, filed):
    from repairs.forms import AssignForm

    html = str(AssignForm(user=head, repair=filed)["due_at"])
    filed_at = timezone.localtime(filed.created_at).strftime("%Y-%m-%dT%H:%M")
    assert f'min="{filed_at}"' in html


def test_a_description_of_10240_characters_is_refused_with_a_message(
    client_for, staff, location
):
    response = client_for(staff).post(
        reverse("repairs:new"),
        {
            "location": location.pk,
            "category": "water",
            "description": "漏" * 10240,
            "urgency": "normal",
            "contact_phone": "13800000000",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["description"]
    assert "2000" in " ".join(errors)
    assert 'maxlength="2000"' in response.content.decode()
    assert not RepairRequest.objects.exists()


def test_the_filing_service_refuses_an_endless_description(staff, location):
    with pytest.raises(ValidationError) as caught:
        services.repair_request_create(
            location=location, category="water", description="漏" * 10240, by=staff
        )
    assert "description" in caught.value.message_dict
    assert not RepairRequest.objects.exists()


def test_a_nul_byte_in_the_description_is_refused_with_a_message(
    client_for, staff, location
):
    response = client_for(staff).post(
        reverse("repairs:new"),
        {
            "location": location.pk,
            "category": "water",
            "description": "水管\x00漏水",
            "urgency": "normal",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["description"]
    assert not RepairRequest.objects.exists()


def test_a_filter_on_year_one_is_a_form_error_not_a_500(client_for, head, filed):
    response = client_for(head).get(
        reverse("repairs:queue"), {"filed_from": "0001-01-01"}
    )
    assert response.status_code == 200
    assert response.context["filter"].form.errors["filed_from"]
