"""What every page shares: the phone's bell, roles in a sentence, numbers, filters."""

from decimal import Decimal

from django.contrib.staticfiles import finders
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import translation

import pytest

from logistics.models import Notification
from logistics.text import listed

pytestmark = pytest.mark.django_db


def test_the_bell_and_its_count_show_on_a_phone_outside_the_menu(client_for, people):
    staff = people["staff"]
    Notification.objects.create(school=staff.profile.school, recipient=staff, title="x")
    page = client_for(staff).get(reverse("home")).content.decode()
    bell = page[page.index('data-testid="phone-bell"') :]
    bell = bell[: bell.index("</a>")]
    assert "badge" in bell and ">1<" in bell.replace(" ", "")
    # It sits before the collapsing menu, so a phone shows it without opening it.
    assert page.index('data-testid="phone-bell"') < page.index('id="main-nav"')


def test_roles_read_as_a_sentence_in_each_language(client_for, people):
    from logistics.roles import Role
    from tests.factories import make_user

    user = make_user(people["staff"].profile.school, Role.STAFF, Role.ACCOUNTANT)
    client = client_for(user)
    assert "教职工、会计" in client.get(reverse("home")).content.decode()
    client.cookies["django_language"] = "en"
    page = client.get(reverse("home")).content.decode()
    assert "Staff, Accountant" in page and "、" not in page.split("Your roles")[1][:80]
    with translation.override("en"):
        assert listed(["a", "b"]) == "a, b"


def test_amounts_are_grouped_by_thousands_in_chinese_too():
    with translation.override("zh-hans"):
        assert floatformat(Decimal("51869856.81"), "2g") == "51,869,856.81"
    with translation.override("en"):
        assert floatformat(Decimal("51869856.81"), "2g") == "51,869,856.81"


def test_an_empty_filter_says_all(client_for, people):
    page = client_for(people["logistics_head"]).get(reverse("location-list"))
    form = page.context["filter"].form
    assert form.fields["building_id"].empty_label == "全部"
    assert dict(form.fields["kind"].choices)[""] == "全部"
    queue = client_for(people["logistics_head"]).get(reverse("repairs:queue"))
    overdue = queue.context["filter"].form.fields["overdue"].widget
    assert dict(overdue.choices)["unknown"] == "全部"
    assert "---------" not in queue.content.decode()


def test_pages_name_an_icon_that_exists(client_for, people):
    page = client_for(people["staff"]).get(reverse("home")).content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in page
    assert finders.find("img/favicon.svg")


def test_figures_to_know_are_apart_from_what_waits(client_for, people, location):
    from tests.assets.factories import AssetFactory

    staff = people["staff"]
    AssetFactory(school=staff.profile.school, location=location, custodian=staff)
    response = client_for(staff).get(reverse("home"))
    assert [card.title for card in response.context["glance_cards"]] == ["我使用的资产"]
    assert "我使用的资产" not in [card.title for card in response.context["cards"]]
    page = response.content.decode()
    assert page.index("一览") < page.index("我使用的资产")
