"""The asset pages: the right Chinese word in each place, the ledger
on a phone, a readable import preview and the asset page's empty states."""

import datetime
import io
import re
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

import pytest
import tablib
from lxml import html as lxml_html

from assets import services
from assets.resources import template_headers
from tests.e2e.conftest import browser, playwright  # noqa: F401

from .factories import AssetFactory

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "assets" / "static" / "assets"


def tree(response):
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def texts(nodes):
    return [" ".join(node.text_content().split()) for node in nodes]


def headers(page, table=0):
    return texts(page.xpath("//table")[table].xpath(".//thead//th"))


# -- 1. one English word, the right Chinese word for each place -----------------------


def test_disposal_list_status_reads_zhuangtai(client_for, head, ledger):
    services.disposal_propose(
        asset=ledger["assets"]["pc1"], by=head, method="scrap", reason="主板损坏"
    )
    page = tree(client_for(head).get(reverse("assets:disposal-list")))
    assert headers(page)[-1] == "状态"
    assert texts(page.xpath("//label[@for='id_status']")) == ["状态"]
    assert "使用状况" not in page.text_content()


def test_stocktake_list_status_reads_zhuangtai(client_for, head, ledger, school):
    services.stocktake_open(school=school, by=head, name="期末盘点")
    page = tree(client_for(head).get(reverse("assets:stocktake-list")))
    assert headers(page)[-1] == "状态"
    assert texts(page.xpath("//label[@for='id_status']")) == ["状态"]
    assert "使用状况" not in page.text_content()


def test_stocktake_report_status_reads_zhuangtai(head, ledger, school):
    from django.template.loader import render_to_string

    stocktake = services.stocktake_open(school=school, by=head, name="期末盘点")
    with translation.override("zh-hans"):
        text = render_to_string(
            "assets/print/stocktake_report.html",
            {"stocktake": stocktake, "counts": [], "lines": [], "extras": []},
        )
    assert "<th>状态</th>" in text and "使用状况" not in text


def test_the_asset_status_still_reads_shiyong_zhuangkuang(client_for, head, ledger):
    page = tree(client_for(head).get(reverse("assets:list")))
    assert headers(page)[-1] == "使用状况"
    assert texts(page.xpath("//label[@for='id_status']")) == ["使用状况"]


def test_transfer_table_by_column_reads_jingbanren(client_for, head, ledger):
    pc = ledger["assets"]["pc1"]
    services.asset_transfer(
        asset=pc,
        by=head,
        moved_on=datetime.date(2025, 3, 1),
        reason="调整办公室",
        location=ledger["other_room"],
    )
    page = tree(client_for(head).get(reverse("assets:detail", args=[pc.pk])))
    moves = page.xpath("//section[@aria-labelledby='moves-heading']//table")[0]
    assert texts(moves.xpath(".//thead//th"))[-1] == "经办人"
    assert "汇总方式" not in page.text_content()


def test_depreciation_ledger_still_groups_by_huizong_fangshi(client_for, head, ledger):
    page = tree(client_for(head).get(reverse("assets:depreciation")))
    assert texts(page.xpath("//label[@for='id_group']")) == ["汇总方式"]


def test_disposal_decision_comment_reads_shenpi_yijian():
    from assets.forms import DecisionForm, DisposalCompleteForm

    with translation.override("zh-hans"):
        assert str(DecisionForm().fields["comment"].label) == "审批意见"
        assert str(DisposalCompleteForm().fields["comment"].label) == "备注"


def test_english_keeps_the_plain_words(client_for, head, ledger):
    client = client_for(head)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = tree(client.get(reverse("assets:disposal-list")))
    assert headers(page)[-1] == "Status"
    pc = ledger["assets"]["pc1"]
    page = tree(client.get(reverse("assets:detail", args=[pc.pk])))
    moves = page.xpath("//section[@aria-labelledby='moves-heading']//table")[0]
    assert texts(moves.xpath(".//thead//th"))[-1] == "By"


# -- 2. the ledger on a phone ---------------------------------------------------------


def filters_of(page):
    (details,) = page.xpath("//details[@data-testid='filters']")
    return details


def test_filters_fold_on_a_phone_unless_in_use(client_for, head, ledger):
    client = client_for(head)
    page = tree(client.get(reverse("assets:list")))
    details = filters_of(page)
    # Open in the HTML (desktop, no script); the script folds it on a narrow screen.
    assert details.get("open") is not None
    assert details.get("data-fold-narrow") is not None
    assert texts(details.xpath("./summary")) == ["筛选条件"]
    assert details.xpath(".//form[@role='search']//select[@name='category_id']")
    scripts = [s.get("src") for s in page.xpath("//script[@src]")]
    assert any(src.endswith("assets/filters.js") for src in scripts)

    page = tree(client.get(reverse("assets:list"), {"q": "计算机", "page": "1"}))
    details = filters_of(page)
    assert details.get("open") is not None
    assert details.get("data-fold-narrow") is None
    assert texts(details.xpath("./summary")) == ["筛选条件 已用 1 项"]


def test_filters_script_folds_only_narrow_screens():
    script = (STATIC / "filters.js").read_text()
    assert "matchMedia" in script and "767.98px" in script
    assert "data-fold-narrow" in script


def test_ledger_columns_on_a_phone(client_for, head, ledger):
    page = tree(client_for(head).get(reverse("assets:list")))
    (table,) = page.xpath("//table[@data-testid='ledger']")
    heads = table.xpath(".//thead//th")
    row = table.xpath(".//tbody/tr")[0].xpath("./td")
    assert len(heads) == len(row) == 9
    hidden = {"分类", "存放地点", "部门", "使用人", "原值"}
    for head_cell, cell in zip(heads, row, strict=True):
        name = head_cell.text_content().strip()
        for node in (head_cell, cell):
            classes = node.get("class", "").split()
            if name in hidden:
                assert {"d-none", "d-md-table-cell"} <= set(classes), name
            else:
                assert "d-none" not in classes, name
    assert "text-nowrap" in row[0].get("class").split()  # the asset number
    assert "text-nowrap" in row[7].get("class").split()  # the net value


# -- 3. the import preview ------------------------------------------------------------


def upload(rows):
    data = tablib.Dataset(headers=template_headers())
    for values in rows:
        data.append([values.get(h, "") for h in template_headers()])
    file = io.BytesIO(data.export("xlsx"))
    file.name = "台账.xlsx"
    return file


def import_row(number, **cells):
    values = {
        "资产编号": number,
        "资产名称": "录播一体机",
        "分类代码": "2010000",
        "数量": 1001.0,  # Excel's 1001.0 for a typed 1001
        "计量单位": "台",
        "单价": "8.6",
        "取得日期": datetime.datetime(2024, 9, 1),  # a date cell
    }
    values.update(cells)
    return values


def test_preview_shows_cells_as_typed_in_one_line(client_for, accountant):
    response = client_for(accountant).post(
        reverse("assets:import"), {"file": upload([import_row("DR-0001")])}
    )
    page = tree(response)
    (table,) = page.xpath("//table[@data-testid='import-rows']")
    assert "text-nowrap" in table.get("class").split()
    assert table.xpath("ancestor::div[contains(@class, 'table-responsive')]")
    names = texts(table.xpath(".//thead//th"))
    assert names[:2] == ["行", "处理"]
    assert "盘点结果" not in page.text_content()
    cells = dict(zip(names, texts(table.xpath(".//tbody/tr[1]/*")), strict=True))
    assert cells["取得日期"] == "2024-09-01"
    assert cells["数量"] == "1001"
    assert cells["处理"] == "新增"


def test_preview_summary_and_button_come_with_the_table(client_for, accountant):
    response = client_for(accountant).post(
        reverse("assets:import"), {"file": upload([import_row("DR-0001")])}
    )
    text = response.content.decode()
    page = lxml_html.fromstring(text)
    (bar,) = page.xpath(
        "//section[@data-testid='import-preview']//*[@data-testid='import-summary']"
    )
    assert "sticky-bottom" in bar.get("class").split()
    assert texts(bar.xpath(".//button")) == ["导入这些行"]
    assert "新增 1 项，修改 0 项，未变 0 项。" in bar.text_content()
    assert len(page.xpath("//button[normalize-space()='导入这些行']")) == 1
    assert text.index("import-rows") < text.index("导入这些行")


def test_preview_with_errors_has_no_button_and_counts_them(client_for, accountant):
    response = client_for(accountant).post(
        reverse("assets:import"),
        {"file": upload([import_row("DR-0001"), import_row("DR-0002", 单价="-5")])},
    )
    page = tree(response)
    assert page.xpath("//*[@data-testid='import-errors']")
    assert not page.xpath("//button[normalize-space()='导入这些行']")
    (bar,) = page.xpath("//*[@data-testid='import-summary']")
    assert "错误 1 项" in bar.text_content()
    first = page.xpath("//table[@data-testid='import-rows']//tbody/tr[1]")[0]
    assert "table-danger" in first.get("class", "")


# -- 4. the asset page ----------------------------------------------------------------


def section(page, heading):
    return page.xpath(f"//section[@aria-labelledby='{heading}']")[0]


def test_asset_page_says_there_is_no_history(client_for, head, ledger):
    pc = ledger["assets"]["pc1"]
    pc.history.all().delete()  # as for a card the history was not kept for
    page = tree(client_for(head).get(reverse("assets:detail", args=[pc.pk])))
    history = section(page, "history-heading")
    empty = history.xpath(".//tbody/tr/td[contains(@class, 'text-muted')]")
    assert texts(empty) == ["暂无变更记录。"]


def test_asset_page_lists_the_history(client_for, accountant, ledger):
    pc = ledger["assets"]["pc1"]
    pc.acquired_on = datetime.date(2024, 2, 1)
    pc.save()
    page = tree(client_for(accountant).get(reverse("assets:detail", args=[pc.pk])))
    rows = section(page, "history-heading").xpath(".//tbody/tr")
    assert len(rows) == 2
    assert "取得日期: 2024-01-15 → 2024-02-01" in rows[0].text_content()


def test_asset_page_empty_states_look_alike(client_for, head, ledger):
    pc = ledger["assets"]["pc1"]
    page = tree(client_for(head).get(reverse("assets:detail", args=[pc.pk])))
    for heading, message in (
        ("moves-heading", "暂无调拨记录。"),
        ("repairs-heading", "暂无维修记录。"),
    ):
        part = section(page, heading)
        empty = part.xpath(".//table//tbody/tr/td[contains(@class, 'text-muted')]")
        assert texts(empty) == [message], heading
        assert not part.xpath(".//li")


def test_scheme_is_cited_with_its_hyphen(client_for, head, ledger):
    pc = ledger["assets"]["pc1"]
    page = tree(client_for(head).get(reverse("assets:detail", args=[pc.pk])))
    (scheme,) = page.xpath("//*[@data-testid='category-scheme']")
    assert scheme.text_content() == "(GB/T 14885-2010)"
    categories = client_for(head).get(reverse("assets:category-list")).content.decode()
    assert "GB/T 14885-2010" in categories
    assert not re.search(r"GB/T 14885\s+2010", categories)


def test_another_scheme_is_named(client_for, head, school):
    from assets.models import Category

    own = Category.objects.create(
        school=school, code="Z01", name="自定分类", scheme="school", scheme_version="1"
    )
    asset = AssetFactory(school=school, category=own)
    page = tree(client_for(head).get(reverse("assets:detail", args=[asset.pk])))
    (scheme,) = page.xpath("//*[@data-testid='category-scheme']")
    assert scheme.text_content() == "(学校自定 1)"


# -- in the browser: the ledger on a 390 px phone -------------------------------------


@pytest.fixture
def phone_page(browser, live_server):  # noqa: F811
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, base_url=live_server.url
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.mark.e2e
def test_ledger_on_a_phone(transactional_db, live_server, phone_page, ledger, head):  # noqa: F811
    from playwright.sync_api import expect

    AssetFactory(school=ledger["room"].school, number="NSSY-2012-00001")
    client = Client()
    client.force_login(head)
    phone_page.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = phone_page.new_page()
    page.goto("/assets/")
    details = page.locator("details[data-testid=filters]")
    assert details.evaluate("d => d.open") is False
    expect(page.get_by_label("分类", exact=True)).to_be_hidden()
    table = page.get_by_test_id("ledger")
    for name in ("资产编号", "名称", "净值", "使用状况"):
        box = table.get_by_role("columnheader", name=name, exact=True).bounding_box()
        assert box["x"] + box["width"] <= 390, name
    expect(table.get_by_role("columnheader", name="原值", exact=True)).to_be_hidden()
    number = table.get_by_role("link", name="NSSY-2012-00001")
    line = float(number.evaluate("a => parseFloat(getComputedStyle(a).lineHeight)"))
    assert number.bounding_box()["height"] < 1.5 * line  # one line

    page.get_by_text("筛选条件").click()
    expect(page.get_by_label("分类", exact=True)).to_be_visible()

    page.goto("/assets/?q=计算机")
    assert page.locator("details[data-testid=filters]").evaluate("d => d.open")
    expect(page.get_by_label("分类", exact=True)).to_be_visible()
