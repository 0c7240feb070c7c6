"""The annual logistics report: every installed app's section of a year, on the
page, in Excel and as a PDF, for those who answer for the year's work."""

import io
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from logistics.annual import (
    COUNT,
    DAYS,
    HOURS,
    MONEY,
    PERCENT,
    Figure,
    Section,
    annual_sections,
    chosen_year,
    percent,
)
from logistics.registry import registry
from logistics.roles import Role

from ..factories import make_user
from ..repairs.test_output import pdf_text_and_fonts

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def counted(school_id, year):
    """A section as an app gives one: its figures depend on the school and year."""
    return Section(
        title=f"测试部分{year}",
        order=5,
        figures=[
            Figure("报修", 1234, COUNT, unit="件"),
            Figure("付款", Decimal("12345.5"), MONEY),
            Figure("按时完成", Decimal("96.5"), PERCENT),
            Figure("平均用时", Decimal("7.5"), HOURS),
            Figure("平均周期", 3, DAYS),
            Figure("满意度", None, PERCENT),
        ],
    )


def last(school_id, year):
    return Section(title="排在最后", order=999, figures=[Figure("件数", 1)])


def nothing(school_id, year):
    return None


@pytest.fixture
def sections():
    """Three apps' sections: one with every kind of figure, one ordered last, one
    that has nothing to report."""
    added = [last, counted, nothing]
    for build in added:
        registry.add_annual_section(build)
    yield
    for build in added:
        registry.annual_sections.remove(build)


@pytest.fixture
def head(school):
    return make_user(school, Role.LOGISTICS_HEAD)


def test_sections_come_in_their_order_and_an_app_with_nothing_is_left_out(
    school, sections
):
    sections = annual_sections(school.pk, 2025)
    assert None not in sections
    titles = [section.title for section in sections]
    assert titles.index("测试部分2025") < titles.index("排在最后")
    assert len(titles) == len(set(titles))


def test_the_page_shows_each_figure_as_its_kind_reads(
    school, sections, head, client_for
):
    page = client_for(head).get(reverse("annual-report"), {"year": "2025"})

    assert page.status_code == 200
    html = page.content.decode()
    assert "测试部分2025" in html and "2025" in html
    for shown in ("1,234 件", "¥12,345.50", "96.5%", "7.5 小时", "3 天", "—"):
        assert shown in html, shown


@pytest.mark.parametrize("asked", ["", "abc", "1900", "9999", "20255", "-2025"])
def test_a_year_out_of_range_shows_this_year(asked, school, sections, head, client_for):
    page = client_for(head).get(reverse("annual-report"), {"year": asked})

    assert page.status_code == 200
    assert page.context["year"] == THIS_YEAR
    assert chosen_year(asked) == THIS_YEAR


def test_the_workbook_holds_every_figure_as_a_number_with_its_unit(
    school, sections, head, client_for
):
    response = client_for(head).get(reverse("annual-report-export"), {"year": "2025"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "2025" in sheet["A1"].value
    rows = {
        row[1]: row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]
    }
    assert rows["报修"] == ("测试部分2025", "报修", 1234, "件")
    assert rows["付款"][2] == 12345.5 and rows["付款"][3] == "元"
    assert rows["按时完成"][2:] == (96.5, "%")
    assert rows["满意度"][2] in (None, "")


def test_the_pdf_prints_the_sections_with_a_cjk_font(
    school, sections, head, client_for
):
    response = client_for(head).get(reverse("annual-report-pdf"), {"year": "2025"})

    assert response["Content-Type"] == "application/pdf"
    text, fonts = pdf_text_and_fonts(response.content)
    assert "测试部分2025" in text and "¥12,345.50" in text
    assert fonts


@pytest.mark.parametrize("role", [Role.STAFF, Role.TECHNICIAN, Role.STOREKEEPER])
def test_the_annual_report_is_not_for_every_role(role, school, client_for):
    client = client_for(make_user(school, role))

    for name in ("annual-report", "annual-report-export", "annual-report-pdf"):
        assert client.get(reverse(name)).status_code == 403
    page = client.get(reverse("reports")).content.decode()
    assert reverse("annual-report") not in page


@pytest.mark.parametrize(
    "role", [Role.LOGISTICS_HEAD, Role.DIRECTOR, Role.ACCOUNTANT, Role.ADMINISTRATOR]
)
def test_those_who_answer_for_the_year_find_it_under_reports(role, school, client_for):
    page = client_for(make_user(school, role)).get(reverse("reports"))

    assert page.status_code == 200
    assert f"{reverse('annual-report')}?year={THIS_YEAR}" in page.content.decode()


def test_another_schools_figures_are_not_asked_for(school, other_school, client_for):
    asked = []

    def spy(school_id, year):
        asked.append(school_id)

    registry.add_annual_section(spy)
    try:
        client_for(make_user(school, Role.DIRECTOR)).get(reverse("annual-report"))
    finally:
        registry.annual_sections.remove(spy)
    assert asked == [school.pk]


def test_a_share_of_nothing_is_no_figure_and_others_have_one_place():
    assert percent(0, 0) is None
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    with pytest.raises(ValueError):
        Figure("x", 1, "weight")


def test_a_section_title_links_only_for_those_its_page_would_not_refuse(
    school, client_for
):
    def guarded(school_id, year):
        return Section(
            title="维修部分",
            figures=[Figure("报修", 1)],
            url=reverse("repairs:queue"),
            url_permission="repairs.view_all_repairrequest",
        )

    registry.add_annual_section(guarded)
    try:
        pages = {
            role: client_for(make_user(school, role))
            .get(reverse("annual-report"))
            .content.decode()
            for role in (Role.LOGISTICS_HEAD, Role.ADMINISTRATOR)
        }
    finally:
        registry.annual_sections.remove(guarded)
    link = f'<a href="{reverse("repairs:queue")}">维修部分</a>'
    assert link in pages[Role.LOGISTICS_HEAD]
    assert (
        link not in pages[Role.ADMINISTRATOR]
        and "维修部分" in pages[Role.ADMINISTRATOR]
    )


def test_the_reports_menu_item_is_there_for_whoever_has_a_report(school, client_for):
    """The storekeeper has no annual report but keeps the stock ledger: the menu
    leads them to /reports/, where the ledger is listed."""
    client = client_for(make_user(school, Role.STOREKEEPER))
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("reports")}"' in home
    reports = client.get(reverse("reports")).content.decode()
    assert reverse("supplies:movement-list") in reports
    assert reverse("annual-report") not in reports


@pytest.mark.parametrize("asked", ["²025", "٢٠٢٥", "9" * 5000, "2025 ", "0x7e9"])
def test_a_year_in_other_digits_or_too_long_shows_this_year(asked, school, client_for):
    client = client_for(make_user(school, Role.DIRECTOR))
    for name in ("annual-report", "annual-report-export"):
        assert client.get(reverse(name), {"year": asked}).status_code == 200


def test_a_count_of_one_reads_in_the_singular_where_the_language_has_one():
    unit = ("card", "cards")
    assert Figure("x", 1, COUNT, unit=unit).shown == "1 card"
    assert Figure("x", 2, COUNT, unit=unit).shown == "2 cards"
    assert Figure("x", 0, COUNT, unit=unit).shown == "0 cards"
    assert Figure("x", 1, COUNT, unit="件").shown == "1 件"


def test_the_english_report_says_1_card_and_the_chinese_1_zhang(school):
    from django.utils import translation

    from assets.annual import CARDS

    with translation.override("en"):
        assert Figure("x", 1, COUNT, unit=CARDS).shown == "1 card"
        assert Figure("x", 3, COUNT, unit=CARDS).shown == "3 cards"
    with translation.override("zh-hans"):
        assert Figure("x", 1, COUNT, unit=CARDS).shown == "1 张"
