"""Money with thousands separators, month names on the
statistics, the head's panels in the order of the next step, the damage form
folded, hours with a unit, a worded placeholder in the queue's technician picker
and full-width punctuation in Chinese."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

import lxml.html
import pytest

from repairs.choices import RepairStatus
from repairs.forms import DamageForm

from .factories import PriceItemFactory, RepairRequestFactory

pytestmark = pytest.mark.django_db
S = RepairStatus


def get(client, url, language="zh-hans"):
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def page(client, url, language="zh-hans"):
    return lxml.html.fromstring(get(client, url, language))


def text(element):
    return " ".join(element.text_content().split())


@pytest.fixture
def costly(location, staff, technician):
    return RepairRequestFactory(
        location=location,
        requester=staff,
        technician=technician,
        status=S.DONE,
        work_done="更换整面窗户",
        labour_hours=Decimal("1.5"),
        cost=Decimal("11750.00"),
        created_at=timezone.now() - timezone.timedelta(hours=5),
        done_at=timezone.now(),
    )


# -- 1. money -------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_statistics_cost_has_thousands_separators(client_for, head, costly, language):
    html = get(client_for(head), reverse("repairs:stats"), language)
    assert "¥11,750.00" in html
    assert "11750.00" not in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_detail_cost_and_compensation_are_formatted_money(
    client_for, head, costly, language
):
    costly.is_damage = True
    costly.responsible_name = "张三"
    costly.compensation_amount = Decimal("2500")
    costly.save()
    html = page(client_for(head), costly.get_absolute_url(), language)
    dl = text(html.xpath("//dl")[0])
    assert "¥11,750.00" in dl
    assert "¥2,500.00" in dl
    assert "11750" not in dl and "¥2500" not in dl


def test_work_order_shows_formatted_money(school, costly):
    costly.is_damage = True
    costly.responsible_name = "张三"
    costly.compensation_amount = Decimal("2500")
    costly.save()
    with translation.override("zh-hans"):
        html = render_to_string(
            "repairs/print/work_order.html",
            {"school": school, **costly.print_context()},
        )
    assert "¥11,750.00" in html and "¥2,500.00" in html
    assert "1.5 小时" in html


def test_price_list_items_show_their_price_as_money(head, school):
    PriceItemFactory(school=school, name="整面玻璃幕墙", unit="块", price="1200.00")
    with translation.override("zh-hans"):
        form = DamageForm(user=head)
        labels = [label for _value, label in form.fields["price_item"].choices]
    assert "整面玻璃幕墙（¥1,200.00/块）" in labels


# -- 2. month names ---------------------------------------------------------------


def month_labels(html):
    return [
        text(th)
        for th in html.xpath("//section[@aria-labelledby='by-month']//th[@scope='row']")
    ]


def test_statistics_months_have_names_in_english(client_for, head):
    labels = month_labels(page(client_for(head), reverse("repairs:stats"), "en"))
    assert labels[0] == "January" and labels[11] == "December"
    assert not any(label.startswith("Month") for label in labels)


def test_statistics_months_read_1yue_in_chinese(client_for, head):
    labels = month_labels(page(client_for(head), reverse("repairs:stats")))
    assert labels == [f"{n}月" for n in range(1, 13)]


# -- 3. the head's panels on a request's page ----------------------------------------


def panel_order(html):
    return [
        section.get("aria-labelledby")
        for section in html.xpath("//section[@aria-labelledby]")
    ]


def test_head_sees_reassign_and_reject_before_adding_a_part(
    client_for, head, staff, technician, location
):
    repair = RepairRequestFactory(
        location=location, requester=staff, technician=technician, status=S.ASSIGNED
    )
    order = panel_order(page(client_for(head), repair.get_absolute_url()))
    assert "part-add-heading" in order and "assign-heading" in order
    assert order.index("assign-heading") < order.index("part-add-heading")
    if "reject-heading" in order:
        assert order.index("reject-heading") < order.index("part-add-heading")
    assert order.index("part-add-heading") < order.index("damage-heading")


@pytest.mark.parametrize(
    ("language", "summary"),
    [("zh-hans", "登记损坏赔偿"), ("en", "Record damage and compensation")],
)
def test_damage_form_is_folded_in_details(client_for, head, costly, language, summary):
    html = page(client_for(head), costly.get_absolute_url(), language)
    (details,) = html.xpath("//section[@aria-labelledby='damage-heading']//details")
    assert details.get("open") is None
    (summary_element,) = details.xpath("./summary")
    assert text(summary_element) == summary
    assert details.xpath(".//form[contains(@action, '/damage/')]")


def test_damage_form_with_mistakes_comes_back_open(client_for, head, costly):
    client = client_for(head)
    client.cookies["django_language"] = "zh-hans"
    response = client.post(
        reverse("repairs:damage", args=[costly.pk]),
        {"responsible_name": "张三", "quantity": "-1", "amount": "abc"},
    )
    assert response.status_code == 200
    html = lxml.html.fromstring(response.content.decode())
    (details,) = html.xpath("//section[@aria-labelledby='damage-heading']//details")
    assert details.get("open") is not None
    assert details.xpath(".//input[@name='responsible_name'][@value='张三']")
    assert html.xpath("//details//*[contains(@class, 'invalid-feedback')]") or (
        "is-invalid" in response.content.decode()
    )
    costly.refresh_from_db()
    assert not costly.is_damage


@pytest.mark.parametrize(
    ("language", "hours"), [("zh-hans", "1.5 小时"), ("en", "1.5 h")]
)
def test_labour_hours_have_a_unit(client_for, head, costly, language, hours):
    html = page(client_for(head), costly.get_absolute_url(), language)
    values = [text(dd) for dd in html.xpath("//dl/dd")]
    assert hours in values


# -- 4. the queue's technician picker ----------------------------------------------


@pytest.mark.parametrize(
    ("language", "placeholder"),
    [("zh-hans", "请选择…"), ("en", "Choose…")],
)
def test_queue_technician_picker_has_a_worded_placeholder(
    client_for, head, staff, technician, location, language, placeholder
):
    repair = RepairRequestFactory(location=location, requester=staff)
    html = get(client_for(head), reverse("repairs:queue"), language)
    assert "---------" not in html
    tree = lxml.html.fromstring(html)
    (first,) = tree.xpath(f"//select[@id='tech-{repair.pk}']/option[1]")
    assert first.get("value") == ""
    assert text(first) == placeholder


# -- 5. full-width punctuation in Chinese --------------------------------------------


def test_chinese_uses_full_width_colon_and_brackets(
    client_for, head, staff, technician, location
):
    location.code = "A302"
    location.save()
    repair = RepairRequestFactory(
        location=location,
        requester=staff,
        technician=technician,
        status=S.CONFIRMED,
        rating=5,
        auto_confirmed=True,
    )
    detail = get(client_for(head), repair.get_absolute_url())
    assert "（A302）" in detail and "(A302)" not in detail
    assert "（系统自动确认）" in detail
    mine = page(client_for(staff), reverse("repairs:mine"))
    line = text(mine.xpath("//ul[contains(@class, 'list-group')]/li")[0])
    assert "维修工：" in line and "维修工:" not in line
    english = page(client_for(staff), reverse("repairs:mine"), "en")
    line = text(english.xpath("//ul[contains(@class, 'list-group')]/li")[0])
    assert "Technician: " in line


# -- 6. cramped text on a phone --------------------------------------------------------


def test_queue_keeps_category_and_urgency_whole_on_a_phone(
    client_for, head, staff, location
):
    RepairRequestFactory(location=location, requester=staff)
    html = page(client_for(head), reverse("repairs:queue"))
    (line,) = html.xpath("//td[contains(@class, 'repair-queue-main')]/div[2]")
    nowrap = line.xpath(".//span[contains(@class, 'text-nowrap')]")
    assert [text(span) for span in nowrap] == ["照明", "一般"]


def test_the_room_picker_asks_to_choose(client_for, staff):
    from django.urls import reverse

    page = client_for(staff).get(reverse("repairs:new")).content.decode()
    assert '<option value="" selected>请选择…</option>' in page
    assert "---------" not in page
