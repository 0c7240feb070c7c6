"""Importing a ledger: template, preview, plain-words errors, all or nothing, idempotent."""

import io
from decimal import Decimal

from django.urls import reverse

import pytest
import tablib
from openpyxl import load_workbook

from assets.models import Asset
from assets.resources import AssetResource, template_headers

pytestmark = pytest.mark.django_db


def xlsx(rows, headers=None):
    data = tablib.Dataset(headers=headers or template_headers())
    for row in rows:
        data.append(row)
    upload = io.BytesIO(data.export("xlsx"))
    upload.name = "台账.xlsx"
    return upload


def row(
    number,
    *,
    name="台式计算机",
    code="2010000",
    price="5200",
    date="2023-09-01",
    location="",
    department="",
):
    values = {h: "" for h in template_headers()}
    values.update(
        {
            "资产编号": number,
            "资产名称": name,
            "分类代码": code,
            "数量": "1",
            "计量单位": "台",
            "单价": price,
            "取得日期": date,
            "取得方式": "购置",
            "使用状况": "在用",
            "存放地点编码": location,
            "使用部门": department,
        }
    )
    return [values[h] for h in template_headers()]


def preview(client, rows):
    return client.post(reverse("assets:import"), {"file": xlsx(rows)})


def test_template_has_chinese_headers(client_for, accountant):
    response = client_for(accountant).get(reverse("assets:import-template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["资产编号", "资产名称", "分类代码"]
    assert "原值" in headers and "取得日期" in headers


def test_preview_writes_nothing_and_confirm_imports(
    client_for, accountant, school, location
):
    client = client_for(accountant)
    response = preview(client, [row("JX-0001", location=location.code), row("JX-0002")])
    assert response.context["problems"] == []
    assert response.context["totals"]["new"] == 2
    assert not Asset.objects.filter(school=school).exists()
    confirm = client.post(
        reverse("assets:import-confirm"), {"token": response.context["token"]}
    )
    assert confirm.status_code == 302
    first = Asset.objects.get(school=school, number="JX-0001")
    assert first.location == location
    assert first.original_value == Decimal("5200.00")
    assert first.depreciation_months == 72 and first.asset_class == "fixed"
    assert first.history.first().history_user == accountant


def test_reimporting_the_same_file_changes_nothing(client_for, accountant, school):
    client = client_for(accountant)
    rows = [row("JX-0001"), row("JX-0002")]
    first = preview(client, rows)
    client.post(reverse("assets:import-confirm"), {"token": first.context["token"]})
    versions = Asset.history.filter(school=school).count()
    again = preview(client, rows)
    assert again.context["totals"]["skip"] == 2
    client.post(reverse("assets:import-confirm"), {"token": again.context["token"]})
    assert Asset.objects.filter(school=school).count() == 2
    assert Asset.history.filter(school=school).count() == versions


def test_bad_rows_are_explained_and_nothing_is_written(client_for, accountant, school):
    client = client_for(accountant)
    response = preview(
        client,
        [
            row("JX-0001"),
            row("JX-0002", code="9999999"),
            row("JX-0003", date="2023-13-45"),
            row("JX-0004", price="-5"),
            row("JX-0001", name="重复"),
        ],
    )
    problems = dict(response.context["problems"])
    assert "未知的分类代码" in " ".join(problems[3])
    assert "不是日期" in " ".join(problems[4])
    assert "不能为负" in " ".join(problems[5])
    assert "出现了两次" in " ".join(problems[6])
    assert 2 not in problems
    assert response.context["token"] == ""
    assert not Asset.objects.filter(school=school).exists()
    # Confirming without a valid preview imports nothing either.
    client.post(reverse("assets:import-confirm"), {"token": "abc"})
    assert not Asset.objects.filter(school=school).exists()


def test_confirm_is_all_or_nothing(accountant, school):
    resource = AssetResource(school=school, by=accountant)
    dataset = tablib.Dataset(headers=template_headers())
    dataset.append(row("JX-0001"))
    dataset.append(row("JX-0002", code="0000"))
    from django.core.exceptions import ValidationError
    from django.db import transaction

    with pytest.raises(ValidationError), transaction.atomic():
        result = resource.import_data(dataset, dry_run=False, use_transactions=True)
        if result.has_errors() or result.has_validation_errors():
            raise ValidationError("rows have errors")
    assert not Asset.objects.filter(school=school).exists()


def test_unknown_location_of_another_school_is_refused(
    client_for, accountant, other_school
):
    from tests.factories import LocationFactory

    foreign = LocationFactory(
        school=other_school, building__campus__school=other_school
    )
    response = preview(client_for(accountant), [row("JX-0001", location=foreign.code)])
    assert "未知的存放地点编码" in " ".join(dict(response.context["problems"])[2])


def test_file_without_the_template_columns_is_refused(client_for, accountant):
    response = client_for(accountant).post(
        reverse("assets:import"), {"file": xlsx([["a"]], headers=["随便"])}
    )
    assert "缺少" in response.content.decode()
