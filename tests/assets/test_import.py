"""Importing a ledger: template, preview, plain-words errors, all or nothing, idempotent."""

import datetime
import io
from decimal import Decimal

from django.urls import reverse

import pytest
import tablib
from openpyxl import load_workbook

from assets import importing
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


# -- the import service: checked in Python, written in bulk with history -------------


def dataset_of(rows, headers=None):
    data = tablib.Dataset(headers=headers or template_headers())
    for values in rows:
        data.append(values)
    return data


def run(school, by, rows, *, commit=True, headers=None):
    return importing.import_ledger(
        school_id=school.pk,
        dataset=dataset_of(rows, headers),
        by=by,
        commit=commit,
    )


def test_preview_queries_do_not_grow_with_the_rows(
    school, accountant, location, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(count):
        rows = [row(f"JX-{n:04d}", location=location.code) for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            report = run(school, accountant, rows, commit=False)
        assert report.totals["new"] == count
        return len(captured)

    assert queries(3) == queries(300)
    # One of them reads the school's closed depreciation months.
    with django_assert_max_num_queries(9):
        run(school, accountant, [row("JX-0001")], commit=False)


def test_commit_writes_in_bulk_with_history_and_reason(school, accountant, location):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = [row(f"JX-{n:04d}", location=location.code) for n in range(120)]
    with CaptureQueriesContext(connection) as captured:
        report = run(school, accountant, rows)
    assert report.committed and report.totals["new"] == 120
    assert len(captured) < 60  # not several queries a row
    asset = Asset.objects.get(school=school, number="JX-0042")
    assert asset.location == location and asset.created_by == accountant
    assert asset.monthly_depreciation == Decimal("72.22")
    record = asset.history.get()
    assert record.history_user == accountant
    assert record.history_type == "+"
    assert record.history_change_reason == "从 Excel 导入"


def test_changed_rows_are_updated_with_history_and_others_untouched(school, accountant):
    run(school, accountant, [row("JX-0001"), row("JX-0002")])
    report = run(
        school,
        accountant,
        [row("JX-0001", name="笔记本电脑", price="8400"), row("JX-0002")],
    )
    assert report.totals == {"new": 0, "update": 1, "skip": 1, "invalid": 0}
    laptop = Asset.objects.get(school=school, number="JX-0001")
    assert laptop.name == "笔记本电脑"
    assert laptop.original_value == Decimal("8400.00")  # recomputed: price × 1
    assert laptop.monthly_depreciation == Decimal("116.67")  # schedule follows
    assert laptop.history.count() == 2
    assert laptop.history.first().history_type == "~"
    assert Asset.objects.get(number="JX-0002").history.count() == 1


def test_an_import_may_not_set_workflow_statuses(school, accountant, ledger):
    pc = ledger["assets"]["pc1"]
    values = row("JX-0001")
    values[template_headers().index("使用状况")] = "已处置"
    lost = row(pc.number)
    lost[template_headers().index("使用状况")] = "丢失"
    report = run(school, accountant, [values, lost])
    problems = dict(report.problems())
    assert "处置和盘点" in " ".join(problems[2])
    assert "处置和盘点" in " ".join(problems[3])
    assert not report.committed
    assert not Asset.objects.filter(number="JX-0001").exists()


def test_english_headers_blank_lines_and_numbers_typed_as_numbers(school, accountant):
    from django.utils import translation

    with translation.override("en"):
        headers = template_headers()
    assert headers[0] == "asset number"
    typed = row("JX-0001")
    typed[0] = 1001.0  # Excel's number for a number column
    report = run(school, accountant, [typed, [""] * len(headers)], headers=headers)
    assert report.committed and report.totals["new"] == 1
    assert Asset.objects.filter(school=school, number="1001").exists()


def test_too_long_text_and_huge_amounts_are_row_errors(school, accountant):
    report = run(
        school,
        accountant,
        [row("JX-0001", name="桌" * 101), row("JX-0002", price="1e20")],
    )
    problems = dict(report.problems())
    assert "最多 100 个字符" in " ".join(problems[2])
    assert "金额太大" in " ".join(problems[3])
    assert not Asset.objects.filter(school=school).exists()


def test_too_many_rows_are_refused_before_any_row(school, accountant, settings):
    from django.core.exceptions import ValidationError

    settings.LOGISTICS = {**settings.LOGISTICS, "IMPORT_MAX_ROWS": 2}
    rows = [row(f"JX-{n}") for n in range(3)]
    with pytest.raises(ValidationError, match="最多"):
        importing.import_ledger(
            school_id=school.pk,
            dataset=dataset_of(rows),
            by=accountant,
            commit=False,
            max_rows=AssetResource.max_rows(),
        )


def test_numbers_handed_out_later_start_past_the_imported_ones(
    school, accountant, head
):
    from assets import services
    from logistics.models import DocumentCounter

    rows = [row("HOME-2023-00007"), row("HOME-2023-00003"), row("旧编号-1")]
    report = run(school, accountant, rows, commit=False)
    assert report.ok
    assert not DocumentCounter.objects.exists()  # a preview writes nothing
    run(school, accountant, rows)
    counter = DocumentCounter.objects.get(
        school=school, kind="asset", key="HOME-2023-#"
    )
    assert counter.last == 7
    card = services.asset_create(
        school=school,
        by=head,
        name="打印机",
        category=Asset.objects.get(number="HOME-2023-00007").category,
        unit_price=Decimal("1800"),
        acquired_on=datetime.date(2023, 5, 1),
    )
    assert card.number == "HOME-2023-00008"


def test_number_counter_reads_numbers_back_from_the_pattern(settings):
    from assets.services import number_counter_of

    assert number_counter_of("HOME-2023-00042", school_code="HOME") == (
        "HOME-2023-#",
        42,
    )
    assert number_counter_of("HOME-2023-0042", school_code="HOME") is None
    assert number_counter_of("OTHER-2023-00042", school_code="HOME") is None
    assert number_counter_of("JX-0001", school_code="HOME") is None
    pattern = "{school}{category}-{seq:04d}"
    assert number_counter_of(
        "HOME2000000-0012", school_code="HOME", pattern=pattern
    ) == ("HOME2000000-#", 12)


def test_admin_resource_imports_through_the_same_service(school, accountant):
    resource = AssetResource(school=school, by=accountant)
    dry = resource.import_data(
        dataset_of([row("JX-0001"), row("JX-0002")]), dry_run=True
    )
    assert dry.totals["new"] == 2 and not dry.has_validation_errors()
    assert not Asset.objects.filter(school=school).exists()
    done = resource.import_data(dataset_of([row("JX-0001"), row("JX-0002")]))
    assert [r.import_type for r in done.rows] == ["new", "new"]
    assert done.rows[0].instance.pk == Asset.objects.get(number="JX-0001").pk
    bad = resource.import_data(dataset_of([row("JX-0003", code="0")]))
    assert bad.has_validation_errors()
    (invalid,) = bad.invalid_rows
    assert "未知的分类代码" in " ".join(invalid.error_dict["category"])
    assert not Asset.objects.filter(number="JX-0003").exists()


def test_admin_import_and_confirm_pages(client, school):
    from django.contrib import admin
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth import get_user_model

    from openpyxl import Workbook

    from assets.admin import LedgerXLSX
    from tests.factories import UserFactory

    admin_user = UserFactory(is_staff=True, is_superuser=True, profile__school=school)
    client.force_login(admin_user)
    assert get_user_model().objects.filter(pk=admin_user.pk).exists()
    formats = admin.site._registry[Asset].get_import_formats()
    xlsx_format = str(formats.index(LedgerXLSX))
    # A template saved while its lists sheet was open is still read from sheet 1.
    book = Workbook()
    book.active.append(template_headers())
    book.active.append(row("JX-0001"))
    book.create_sheet("人员").append(["王丽"])
    book.active = 1
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "台账.xlsx"
    response = client.post(
        reverse("admin:assets_asset_import"),
        {"import_file": upload, "format": xlsx_format, "resource": "0"},
    )
    assert response.status_code == 200
    assert "result" in response.context, response.context["form"].errors
    assert response.context["result"].totals["new"] == 1
    assert not Asset.objects.filter(school=school).exists()
    confirm = response.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    done = client.post(reverse("admin:assets_asset_process_import"), data)
    assert done.status_code == 302
    asset = Asset.objects.get(school=school, number="JX-0001")
    assert asset.history.get().history_user == admin_user
    assert LogEntry.objects.filter(object_id=str(asset.pk)).exists()


def test_a_category_code_two_schemes_share_is_not_guessed(school, accountant):
    from assets.models import Category

    Category.objects.create(
        school=school, code="2010000", name="计算机（采购目录）", scheme="procurement"
    )
    report = run(school, accountant, [row("JX-0001")], commit=False)
    assert "未知的分类代码" in " ".join(dict(report.problems())[2])
