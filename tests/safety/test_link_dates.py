"""A date in a safety page's link (a week, a period) that is malformed or far out
of range shows the default period, never an error page."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

pytestmark = pytest.mark.django_db

EXTREMES = ["0001-01-01", "0001-01-03", "9999-12-31", "abc", "1900-02-30"]


def this_monday():
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday())


@pytest.mark.parametrize("week", EXTREMES)
def test_the_roster_shows_this_week_for_a_week_out_of_range(week, head, client_for):
    response = client_for(head).get(reverse("safety:roster"), {"week": week})

    assert response.status_code == 200
    assert response.context["monday"] == this_monday()


@pytest.mark.parametrize("end", EXTREMES)
def test_the_rounds_page_shows_the_last_two_weeks_for_a_period_out_of_range(
    end, head, client_for
):
    response = client_for(head).get(
        reverse("safety:rounds"), {"to": end, "from": "0001-01-01"}
    )

    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["last"] == today
    assert response.context["first"] == today - datetime.timedelta(days=13)


@pytest.mark.parametrize("end", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("url", ["safety:rounds-export", "safety:fire-export"])
def test_exports_of_a_period_out_of_range_answer_with_the_default_period(
    url, end, head, client_for
):
    response = client_for(head).get(reverse(url), {"to": end, "from": "0001-01-01"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31"])
def test_the_weekly_report_of_a_week_out_of_range_prints_last_week(
    week, head, client_for
):
    response = client_for(head).get(reverse("safety:weekly-report"), {"week": week})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    last_monday = this_monday() - datetime.timedelta(days=7)
    assert f"{last_monday:%Y%m%d}" in response["Content-Disposition"]
