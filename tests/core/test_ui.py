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


def test_a_select_says_what_its_empty_choice_means(school, location):
    from django import forms

    from logistics.forms import StyledFormMixin
    from logistics.models import Location

    class Form(StyledFormMixin, forms.Form):
        room = forms.ModelChoiceField(Location.objects.all())
        kind = forms.ChoiceField(
            choices=[("", "---------"), ("a", "A")], required=False
        )
        many = forms.MultipleChoiceField(choices=[("a", "A")], required=False)

    form = Form()
    html = str(form["room"]) + str(form["kind"])
    assert "---------" not in html
    assert '<option value="" selected>请选择…</option>' in str(form["room"])
    assert '<option value="" selected>（无）</option>' in str(form["kind"])
    assert 'value=""' not in str(form["many"])


def test_refusals_and_missing_pages_speak_the_schools_language(
    client_for, people, other_school
):
    from tests.factories import LocationFactory

    staff = client_for(people["staff"])
    refused = staff.get(reverse("location-export"))
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "您无权打开此页面" in page and 'id="main-nav"' in page
    foreign = LocationFactory(
        school=other_school, building__campus__school=other_school
    )
    missing = staff.get(reverse("location-detail", args=[foreign.pk]))
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()


def test_the_places_list_names_the_building_on_a_phone(client_for, people, location):
    page = client_for(people["staff"]).get(reverse("location-list")).content.decode()
    assert f'd-sm-none">{location.building.name}' in page


def test_home_numbers_are_in_a_readable_shade(client_for, people, location):
    from tests.assets.factories import AssetFactory

    staff = people["staff"]
    AssetFactory(school=staff.profile.school, location=location, custodian=staff)
    page = client_for(staff).get(reverse("home")).content.decode()
    assert "display-6 text-success-emphasis" in page
    assert "您的角色：" in page
