"""Dates on the ledger stay in the range of their meaning, whoever writes them."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from assets import importing, services
from assets.models import Asset, Disposal, Transfer

from .test_import import dataset_of, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(head, director, ledger):
    disposal = services.disposal_propose(
        asset=ledger["assets"]["pc1"], by=head, method="scrap", reason="主板损坏"
    )
    return services.disposal_approve(disposal=disposal, by=director)


def test_a_disposal_completed_on_9999_12_31_is_refused(client_for, head, approved):
    response = client_for(head).post(
        reverse("assets:disposal-complete", args=[approved.pk]),
        {"disposed_on": "9999-12-31", "proceeds": "0"},
    )
    # The disposal's page again, the date refused on its form, as typed.
    assert response.status_code == 200
    [complete] = [a for a in response.context["actions"] if a.name == "complete"]
    assert complete.form.errors["disposed_on"]
    assert complete.form["disposed_on"].value() == "9999-12-31"
    approved.refresh_from_db()
    assert approved.status == "approved" and approved.disposed_on is None
    asset = Asset.objects.get(pk=approved.asset_id)
    assert asset.status == "awaiting_disposal" and asset.disposed_on is None


def test_the_disposal_service_refuses_a_future_date(head, approved):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        services.disposal_complete(
            disposal=approved, by=head, disposed_on=tomorrow, proceeds=Decimal("0")
        )
    assert caught.value.code == "date_too_late"
    assert Disposal.objects.get(pk=approved.pk).status == "approved"


def test_a_transfer_dated_in_year_one_is_refused_by_the_service(head, ledger):
    with pytest.raises(ValidationError):
        services.asset_transfer(
            asset=ledger["assets"]["pc1"],
            by=head,
            moved_on=datetime.date(1, 1, 1),
            reason="调整",
            location=ledger["other_room"],
        )
    assert not Transfer.objects.exists()


def asset_form(ledger, **extra):
    from .factories import category

    return {
        "name": "投影仪",
        "category": category(ledger["room"].school).pk,
        "quantity": "1",
        "unit": "台",
        "unit_price": "4800",
        "acquired_on": "2024-01-15",
        "acquisition_method": "purchase",
        "funding_source": "budget",
        "usage_direction": "own_use",
        "status": "in_use",
        "condition": "good",
        **extra,
    }


def test_an_acquisition_before_the_founding_year_is_a_form_error(
    client_for, head, ledger, school
):
    school.founded_year = 2001
    school.save()
    count = Asset.objects.count()
    response = client_for(head).post(
        reverse("assets:create"), asset_form(ledger, acquired_on="2000-12-31")
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["acquired_on"])
    assert "2001-01-01" in errors and "2001" in errors
    assert Asset.objects.count() == count


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "1900-01-01"])
def test_an_absurd_acquisition_date_is_a_form_error(client_for, head, ledger, typed):
    count = Asset.objects.count()
    response = client_for(head).post(
        reverse("assets:create"), asset_form(ledger, acquired_on=typed)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["acquired_on"]
    assert Asset.objects.count() == count


def test_the_asset_model_refuses_an_acquisition_in_the_future(head, ledger):
    pc = ledger["assets"]["pc1"]
    with pytest.raises(ValidationError) as caught:
        services.asset_update(
            asset=pc, by=head, acquired_on=timezone.localdate() + datetime.timedelta(1)
        )
    assert "acquired_on" in caught.value.message_dict


def test_a_quantity_beyond_any_batch_is_a_form_error(client_for, head, ledger):
    response = client_for(head).post(
        reverse("assets:create"), asset_form(ledger, quantity="99999999999999999")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["quantity"]


def test_imported_date_cells_out_of_range_are_row_errors(school, accountant):
    school.founded_year = 1990
    school.save()
    report = importing.import_ledger(
        school_id=school.pk,
        dataset=dataset_of(
            [
                row("JX-0001", date="1989-06-01"),
                row("JX-0002", date="9999-12-31"),
                row("JX-0003", date="2020-02-30"),
            ]
        ),
        by=accountant,
        commit=True,
    )
    problems = {line: " ".join(texts) for line, texts in report.problems()}
    assert "1990" in problems[2]
    assert problems[3] and problems[4]
    assert not Asset.objects.filter(school=school).exists()


def test_a_filter_on_year_one_is_a_form_error_not_a_500(client_for, head, ledger):
    response = client_for(head).get(
        reverse("assets:list"), {"acquired_from": "0001-01-01", "value_min": "1e40"}
    )
    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    assert "acquired_from" in errors and "value_min" in errors
