"""The asset pages: lists readable on a phone, one history
heading, money with ¥ and thousands, a folded uncounted list, a room page made for
thumbs, capitalised English choices and full-width colons in Chinese."""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

import pytest
from lxml import html as lxml_html

from assets import choices, services
from assets.importing import choice_cleaner

from .factories import AssetFactory

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "assets" / "static" / "assets"


def tree(response):
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def classes(node):
    return set((node.get("class") or "").split())


def text(node):
    return " ".join(node.text_content().split())


@pytest.fixture
def stocktake(head, ledger, school):
    return services.stocktake_open(school=school, by=head, name="期末盘点")


@pytest.fixture
def disposal(head, director, ledger):
    return services.disposal_propose(
        asset=ledger["assets"]["pc1"], by=head, method="scrap", reason="主板损坏"
    )


# -- 1 and 2. the disposal and stocktake lists on a phone -----------------------------


def check_phone_list(page, testid, hidden_columns):
    (table,) = page.xpath(f"//table[@data-testid='{testid}']")
    heads = table.xpath(".//thead//th")
    for index in hidden_columns:
        assert {"d-none", "d-md-table-cell"} <= classes(heads[index])
    row = table.xpath(".//tbody/tr")[0]
    cells = row.xpath("./td")
    for index in hidden_columns:
        assert {"d-none", "d-md-table-cell"} <= classes(cells[index])
    assert "text-nowrap" in classes(cells[-2])  # the date
    assert "text-nowrap" in classes(heads[-1]) and "text-nowrap" in classes(heads[-2])
    (badge,) = cells[-1].xpath(".//span[contains(@class, 'badge')]")
    assert any(c.startswith("text-bg-") for c in classes(badge))
    assert "text-wrap" not in classes(badge)
    return badge


def test_disposal_list_reads_on_a_phone_with_a_status_badge(client_for, head, disposal):
    page = tree(client_for(head).get(reverse("assets:disposal-list")))
    badge = check_phone_list(page, "disposals", hidden_columns=(1, 2))
    assert text(badge) == "已申请" and "text-bg-warning" in classes(badge)
    assert "申请时间" in text(page.xpath("//thead")[0])


def test_stocktake_list_reads_on_a_phone_with_a_status_badge(
    client_for, head, stocktake
):
    page = tree(client_for(head).get(reverse("assets:stocktake-list")))
    badge = check_phone_list(page, "stocktakes", hidden_columns=(1, 2))
    assert text(badge) == "未开始" and "text-bg-secondary" in classes(badge)


# -- 3. one history heading -----------------------------------------------------------


def history_headings(page):
    return [h for h in page.xpath("//h1|//h2|//h3") if text(h) == "处理记录"]


def test_stocktake_page_has_one_history_heading(client_for, head, stocktake):
    page = tree(client_for(head).get(stocktake.get_absolute_url()))
    (heading,) = history_headings(page)
    assert heading.tag == "h2"


def test_disposal_page_has_one_history_heading(client_for, head, disposal):
    page = tree(client_for(head).get(disposal.get_absolute_url()))
    (heading,) = history_headings(page)
    assert heading.tag == "h2"


# -- 4. money: ¥ and thousands ---------------------------------------------------------


def test_asset_page_shows_money_with_yuan_sign_and_thousands(client_for, head, school):
    asset = AssetFactory(school=school, unit_price=Decimal("70725.25"))
    page = tree(client_for(head).get(asset.get_absolute_url()))
    (original,) = page.xpath("//*[@data-testid='original-value']")
    assert text(original) == "¥70,725.25"
    (net,) = page.xpath("//*[@data-testid='net-today']")
    assert text(net).startswith("当前净值：¥") and "（累计折旧 ¥" in text(net)
    assert "× ¥70,725.25" in page.text_content()


def test_ledger_totals_and_rows_show_the_yuan_sign(client_for, head, school):
    AssetFactory(school=school, unit_price=Decimal("70725.25"))
    page = tree(client_for(head).get(reverse("assets:list")))
    (total,) = page.xpath("//*[@data-testid='total-original']")
    assert text(total) == "¥70,725.25"
    assert "¥70,725.25" in text(page.xpath("//table[@data-testid='ledger']")[0])


def test_disposal_page_shows_value_and_proceeds_in_yuan(
    client_for, head, director, disposal
):
    services.disposal_approve(disposal=disposal, by=director)
    services.disposal_complete(
        disposal=disposal,
        by=head,
        disposed_on=datetime.date(2026, 6, 1),
        proceeds=Decimal("1250.50"),
    )
    page = text(tree(client_for(head).get(disposal.get_absolute_url())))
    assert "处置收入 ¥1,250.50" in page and "原值 ¥7,200.00" in page


def test_stocktake_report_and_asset_card_show_the_yuan_sign(head, stocktake, ledger):
    lines = list(stocktake.lines.select_related("asset"))
    with translation.override("zh-hans"):
        report = render_to_string(
            "assets/print/stocktake_report.html",
            {"stocktake": stocktake, "counts": [], "lines": lines, "extras": []},
        )
    assert '<td class="num">¥7,200.00</td>' in report


# -- 5. the stocktake page while counting ----------------------------------------------


def test_stocktake_page_folds_the_uncounted_list(client_for, head, stocktake, ledger):
    services.stocktake_start(stocktake=stocktake, by=head)
    line = stocktake.lines.get(asset=ledger["assets"]["projector"])
    services.stocktake_mark(line=line, by=head, result="missing")
    page = tree(client_for(head).get(stocktake.get_absolute_url()))
    (total,) = page.xpath("//*[@data-testid='discrepancy-total']")
    assert "1" in text(total)
    (table,) = page.xpath("//table[@data-testid='discrepancies']")
    assert len(table.xpath(".//tbody/tr")) == 1 and "盘亏" in text(table)
    (folded,) = page.xpath("//details[@data-testid='uncounted']")
    assert folded.get("open") is None
    assert "4" in text(folded.xpath("./summary")[0])
    assert len(folded.xpath(".//tbody/tr")) == 4


def test_stocktake_page_cuts_a_long_uncounted_list(
    client_for, head, stocktake, monkeypatch
):
    monkeypatch.setattr("assets.views.DETAIL_LINES", 2)
    page = tree(client_for(head).get(stocktake.get_absolute_url()))
    (folded,) = page.xpath("//details[@data-testid='uncounted']")
    assert len(folded.xpath(".//tbody/tr")) == 2
    assert folded.xpath(".//a[contains(@href, 'report')]")


# -- 6. the room page for thumbs ---------------------------------------------------------


def test_room_page_buttons_are_big_and_readable(client_for, head, stocktake, ledger):
    url = reverse("assets:stocktake-room", args=[stocktake.pk, ledger["room"].pk])
    page = tree(client_for(head).get(url))
    buttons = page.xpath("//form[@data-testid='mark']//button")
    assert buttons
    for button in buttons:
        assert "count-tap" in classes(button) and "btn-sm" not in classes(button)
        assert "btn-outline-warning" not in classes(button)
    css = (STATIC / "stocktake.css").read_text()
    assert "min-height: 44px" in css and ".btn-count-damaged" in css
    assert page.xpath("//link[contains(@href, 'assets/stocktake')]")


def test_room_page_extras_list_and_form_have_their_own_headings(
    client_for, head, stocktake, ledger
):
    url = reverse("assets:stocktake-room", args=[stocktake.pk, ledger["room"].pk])
    page = tree(client_for(head).get(url))
    (section,) = page.xpath("//section[@data-testid='extras']")
    assert text(section.xpath("./h2")[0]) == "在此处发现的盘盈物品"
    assert "暂无记录。" in text(section) and "•" not in text(section)
    assert not section.xpath(".//li")
    (form_heading,) = page.xpath("//h2[@id='extra-form-heading']")
    assert text(form_heading) == "登记盘盈物品"
    labels = texts_of(page.xpath("//label[@for='id_description']"))
    assert labels and "盘盈物品" not in labels[0]


def texts_of(nodes):
    return [text(node) for node in nodes]


# -- 7. the ledger's names and badges on a phone -----------------------------------------


def test_ledger_names_have_a_min_width_and_badges_wrap(client_for, head, ledger):
    page = tree(client_for(head).get(reverse("assets:list")))
    (table,) = page.xpath("//table[@data-testid='ledger']")
    row = table.xpath(".//tbody/tr")[0]
    assert "asset-name" in classes(row.xpath("./td")[1])
    (badge,) = row.xpath(".//span[contains(@class, 'badge')]")
    assert "text-wrap" in classes(badge)
    css = (STATIC / "ledger.css").read_text()
    assert ".asset-ledger .asset-name { min-width:" in css and "keep-all" in css


# -- 8. capitalised English choices, the Chinese unchanged -------------------------------


def test_english_choice_labels_are_capitalised():
    with translation.override("en"):
        for choice in (
            choices.AssetStatus,
            choices.AssetClass,
            choices.DisposalMethod,
            choices.DisposalStatus,
            choices.StocktakeStatus,
            choices.CountResult,
            choices.AcquisitionMethod,
            choices.FundingSource,
            choices.UsageDirection,
            choices.AssetCondition,
            choices.CategoryScheme,
        ):
            for _code, label in choice.choices:
                assert str(label)[0].isupper(), label
        assert str(choices.AssetStatus.IN_USE.label) == "In use"


def test_chinese_choice_labels_are_unchanged():
    with translation.override("zh-hans"):
        assert [str(label) for _c, label in choices.StocktakeStatus.choices] == [
            "未开始",
            "盘点中",
            "已结束",
        ]
        assert str(choices.AssetStatus.IN_USE.label) == "在用"
        assert str(choices.AssetClass.FIXED.label) == "固定资产"
        assert str(choices.DisposalMethod.SCRAP.label) == "报废"
        assert str(choices.DisposalStatus.PROPOSED.label) == "已申请"
    clean = choice_cleaner(choices.AssetStatus, "in_use")
    assert clean("待报废") == "awaiting_disposal" and clean("Idle") == "idle"


# -- 9. full-width colons in Chinese ------------------------------------------------------


def test_chinese_colons_are_full_width(client_for, head, stocktake, school):
    page = text(tree(client_for(head).get(stocktake.get_absolute_url())))
    assert "范围：" in page and "未盘点：5" in page
    assert "范围:" not in page and "未盘点: " not in page
    asset = AssetFactory(school=school)
    page = text(tree(client_for(head).get(asset.get_absolute_url())))
    assert "当前净值：" in page and "当前净值:" not in page
