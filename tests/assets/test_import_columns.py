"""The import's people, classes and card columns, its template, and its file checks."""

import datetime
import io

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest
import tablib
from openpyxl import Workbook, load_workbook

from assets import importing
from assets.models import Asset, Transfer
from assets.resources import AssetResource, template_headers
from logistics.choices import Grade
from logistics.models import Profile, SchoolClass
from tests.factories import LocationFactory, make_user

from .test_import import row, run

pytestmark = pytest.mark.django_db


def with_cells(number, **cells):
    """A template row whose named Chinese columns hold ``cells``."""
    values = dict(zip(template_headers(), row(number), strict=True))
    values.update(cells)
    return [values[header] for header in template_headers()]


@pytest.fixture
def teacher(school):
    user = make_user(school, real_name="王丽")
    Profile.objects.filter(user=user).update(employee_number="T0042")
    return user


@pytest.fixture
def junior_class(school):
    return SchoolClass.objects.create(school=school, grade=Grade.G7, number=3)


def problems_of(report):
    return {line: " ".join(texts) for line, texts in report.problems()}


def test_custodian_by_name_or_employee_number_and_class_in_any_spelling(
    school, accountant, teacher, junior_class
):
    report = run(
        school,
        accountant,
        [
            with_cells("JX-0001", 使用人="王丽", 责任班级="初一(3)班"),
            with_cells("JX-0002", 使用人="T0042", 责任班级="初一（3）班"),
            with_cells("JX-0003", 责任班级="初一3班"),
            with_cells("JX-0004", 责任班级="Junior 1 class 3"),
        ],
    )
    assert report.committed, report.problems()
    cards = {a.number: a for a in Asset.objects.filter(school=school)}
    assert cards["JX-0001"].custodian == teacher
    assert cards["JX-0002"].custodian == teacher
    assert cards["JX-0003"].custodian is None
    assert {cards[n].responsible_class for n in cards} == {junior_class}


def test_people_and_classes_the_school_lacks_are_row_errors(
    school, other_school, accountant, teacher
):
    make_user(school, real_name="李明")
    make_user(school, real_name="李明")
    make_user(other_school, real_name="赵强")
    make_user(school, real_name="钱进", is_active=False)
    SchoolClass.objects.create(school=other_school, grade=Grade.G8, number=1)
    report = run(
        school,
        accountant,
        [
            with_cells("JX-0001", 使用人="李明"),
            with_cells("JX-0002", 使用人="赵强"),
            with_cells("JX-0003", 使用人="钱进"),
            with_cells("JX-0004", 责任班级="初二(1)班"),
            with_cells("JX-0005", 使用人="王丽"),
        ],
    )
    problems = problems_of(report)
    assert "不止一人" in problems[2] and "工号" in problems[2]
    assert "没有" in problems[3]  # another school's person
    assert "已离校" in problems[4]  # a person who has left
    assert "初二(1)班" in problems[5]
    assert 6 not in problems
    assert not report.committed
    assert not Asset.objects.filter(school=school).exists()


def test_card_columns_usage_condition_and_years(school, accountant):
    leased = with_cells(
        "JX-0001", 使用方向="出租", 完好程度="一般", **{"折旧年限（本资产）": "8"}
    )
    report = run(
        school,
        accountant,
        [
            leased,
            with_cells("JX-0002", **{"折旧年限（本资产）": "0"}),
            with_cells("JX-0003", **{"折旧年限（本资产）": "2.5"}),
            with_cells("JX-0004", 完好程度="很好"),
        ],
    )
    problems = problems_of(report)
    assert "1 到 100" in problems[3] and "1 到 100" in problems[4]
    assert "很好" in problems[5]
    assert not Asset.objects.filter(school=school).exists()
    assert run(school, accountant, [leased]).committed
    card = Asset.objects.get(school=school, number="JX-0001")
    assert (card.usage_direction, card.condition) == ("rented_out", "fair")
    assert card.depreciation_years_override == 8 and card.depreciation_months == 96


def test_a_changed_place_or_holder_is_recorded_as_a_transfer(
    client_for, school, accountant, teacher, location
):
    run(school, accountant, [with_cells("JX-0001", 存放地点编码=location.code)])
    assert not Transfer.objects.exists()
    room = LocationFactory(school=school, building=location.building)
    run(
        school,
        accountant,
        [with_cells("JX-0001", 存放地点编码=room.code, 使用人="王丽")],
    )
    card = Asset.objects.get(school=school, number="JX-0001")
    move = Transfer.objects.get(asset=card)
    assert (move.from_location, move.to_location) == (location, room)
    assert (move.from_custodian, move.to_custodian) == (None, teacher)
    assert move.by == accountant and move.reason == "从 Excel 导入"
    assert move.moved_on == datetime.date.today()
    # The same file again changes nothing and moves nothing.
    report = run(
        school,
        accountant,
        [with_cells("JX-0001", 存放地点编码=room.code, 使用人="王丽")],
    )
    assert report.totals["skip"] == 1 and Transfer.objects.count() == 1
    page = client_for(accountant).get(card.get_absolute_url()).content.decode()
    assert "从 Excel 导入" in page and room.name in page


def test_admin_export_writes_people_and_classes_as_they_are_typed(
    school, accountant, teacher, junior_class
):
    run(
        school,
        accountant,
        [with_cells("JX-0001", 使用人="T0042", 责任班级="初一3班")],
    )
    exported = AssetResource(school=school).export()
    record = dict(zip(exported.headers, exported[0], strict=True))
    assert record["使用人"] == "王丽" and record["责任班级"] == "初一(3)班"
    # ...so the exported file imports back unchanged.
    again = importing.import_ledger(
        school_id=school.pk, dataset=exported, by=accountant, commit=True
    )
    assert again.totals["skip"] == 1, again.problems()


# -- the template and the file --------------------------------------------------------


def test_template_lists_choices_and_the_schools_own_codes(
    client_for, school, other_school, accountant, teacher, location, junior_class
):
    make_user(other_school, real_name="别校老师")
    response = client_for(accountant).get(reverse("assets:import-template"))
    book = load_workbook(io.BytesIO(response.content))
    ledger = book.worksheets[0]
    headers = [cell.value for cell in ledger[1]]
    assert headers == template_headers()
    assert {"使用人", "责任班级", "使用方向", "完好程度"} <= set(headers)
    assert ledger.max_row == 1  # no example row that could be imported by mistake
    status_column = headers.index("使用状况") + 1
    rules = {
        str(rule.sqref).split(":")[0]: rule.formula1
        for rule in ledger.data_validations.dataValidation
    }
    status_rule = rules[f"{ledger.cell(row=2, column=status_column).coordinate}"]
    assert "在用" in status_rule and "闲置" in status_rule
    assert "已处置" not in status_rule  # an import may not dispose of anything
    sheets = {sheet.title: sheet for sheet in book.worksheets}
    assert {"填写说明", "分类代码", "房间", "部门", "人员", "班级"} <= set(sheets)
    guide = {r[0]: r for r in sheets["填写说明"].iter_rows(min_row=2, values_only=True)}
    # The number may be left blank: the card then gets the school's next number.
    assert guide["资产名称"][1] == "是" and guide["资产编号"][1] in ("", None)
    assert guide["品牌"][1] in ("", None)
    people = [r[0] for r in sheets["人员"].iter_rows(min_row=2, values_only=True)]
    assert "王丽" in people and "别校老师" not in people
    rooms = [r[0] for r in sheets["房间"].iter_rows(min_row=2, values_only=True)]
    assert location.code in rooms
    codes = [r[0] for r in sheets["分类代码"].iter_rows(min_row=2, values_only=True)]
    assert "2010000" in codes
    classes = [r[0] for r in sheets["班级"].iter_rows(min_row=2, values_only=True)]
    assert classes == ["初一(3)班"]


def test_a_filled_template_saved_on_another_sheet_is_read_from_its_first(
    client_for, school, accountant, teacher
):
    client = client_for(accountant)
    template = client.get(reverse("assets:import-template")).content
    book = load_workbook(io.BytesIO(template))
    ledger = book.worksheets[0]
    for values in (with_cells("JX-0001", 使用人="王丽"), row("JX-0002")):
        ledger.append(values)
    book.active = len(book.worksheets) - 1  # saved while looking at the lists
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "台账.xlsx"
    response = client.post(reverse("assets:import"), {"file": upload})
    assert response.context["problems"] == []
    assert response.context["totals"]["new"] == 2


def xlsx_with(rows):
    book = Workbook()
    for values in rows:
        book.active.append(values)
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    return upload


def test_too_many_rows_are_counted_without_blank_lines_and_refused(
    client_for, accountant, school, settings
):
    settings.LOGISTICS = {**settings.LOGISTICS, "IMPORT_MAX_ROWS": 3}
    headers = template_headers()
    blank = [None] * len(headers)
    upload = xlsx_with([headers] + [row(f"JX-{n}") for n in range(5)] + [blank] * 20)
    with pytest.raises(ValidationError) as refused:
        importing.read_workbook(upload, max_rows=3)
    assert refused.value.messages == ["文件共有 5 行，一次最多可导入 3 行。"]
    # Blank lines inside the data keep the row numbers people see in Excel.
    upload = xlsx_with([headers, row("JX-1"), blank, row("JX-2", price="x")] + [blank])
    dataset = importing.read_workbook(upload, max_rows=3)
    report = importing.import_ledger(
        school_id=school.pk, dataset=dataset, by=accountant, commit=False, max_rows=3
    )
    assert [line for line, _texts in report.problems()] == [4]
    upload = xlsx_with([headers] + [row(f"JX-{n}") for n in range(4)])
    upload.name = "台账.xlsx"
    response = client_for(accountant).post(reverse("assets:import"), {"file": upload})
    assert response.context["form"].errors["file"] == [
        "文件共有 4 行，一次最多可导入 3 行。"
    ]
    assert not Asset.objects.filter(school=school).exists()


def test_the_upload_is_checked_for_size_and_content(
    client_for, accountant, school, settings
):
    client = client_for(accountant)
    fake = io.BytesIO(b"name,price\n=cmd(),1\n")
    fake.name = "台账.xlsx"
    response = client.post(reverse("assets:import"), {"file": fake})
    assert "只能导入 .xlsx 文件" in response.content.decode()
    settings.ASSETS = {"MAX_IMPORT_BYTES": 1024}
    rows = [row(f"JX-{n}") for n in range(200)]
    big = io.BytesIO(tablib.Dataset(*rows, headers=template_headers()).export("xlsx"))
    big.name = "台账.xlsx"
    response = client.post(reverse("assets:import"), {"file": big})
    [error] = response.context["form"].errors["file"]
    error = error.replace("\xa0", " ")
    assert error.startswith("文件大小为 ") and error.endswith("最多可导入 1.0 KB。")
    assert response.context.get("preview") is None
    assert not Asset.objects.filter(school=school).exists()


def test_a_disposed_card_is_not_moved_by_an_import(school, accountant, location):
    run(school, accountant, [row("JX-0001")])
    Asset.objects.filter(number="JX-0001").update(status="disposed")
    moved = with_cells("JX-0001", 使用状况="已处置", 存放地点编码=location.code)
    report = run(school, accountant, [moved])
    assert "已处置的资产不能调拨" in problems_of(report)[2]
    assert Asset.objects.get(number="JX-0001").location is None
    assert not Transfer.objects.exists()


def test_asset_class_column_sets_new_cards_and_blank_keeps_known_ones(
    school, accountant
):
    report = run(
        school,
        accountant,
        [
            with_cells("JX-0001", 资产类别="固定资产", 单价="360", 数量="50"),
            with_cells("JX-0002", 单价="360"),
            with_cells("JX-0003", 资产类别="大件"),
        ],
    )
    assert "大件" in problems_of(report)[4]
    report = run(
        school,
        accountant,
        [
            with_cells("JX-0001", 资产类别="固定资产", 单价="360", 数量="50"),
            with_cells("JX-0002", 单价="360"),
        ],
    )
    assert report.committed
    classes = dict(Asset.objects.values_list("number", "asset_class"))
    assert classes == {"JX-0001": "fixed", "JX-0002": "low_value"}
    # A blank class leaves a known card's class alone.
    again = run(school, accountant, [with_cells("JX-0001", 单价="360", 数量="50")])
    assert again.totals["skip"] == 1
    assert Asset.objects.get(number="JX-0001").asset_class == "fixed"


def test_an_exported_ledger_imports_back_whoever_holds_the_cards(
    school, accountant, teacher
):
    """Shared names are written as employee numbers; people who have left stay."""
    first = make_user(school, real_name="李明")
    Profile.objects.filter(user=first).update(employee_number="T0100")
    make_user(school, real_name="李明")
    leaver = make_user(school, real_name="孙红")
    run(
        school,
        accountant,
        [
            with_cells("JX-0001", 使用人="T0100"),
            with_cells("JX-0002", 使用人="孙红"),
            with_cells("JX-0003", 使用人="王丽"),
        ],
    )
    type(leaver).objects.filter(pk=leaver.pk).update(is_active=False)
    exported = AssetResource(school=school).export()
    holders = [dict(zip(exported.headers, r, strict=True))["使用人"] for r in exported]
    assert holders == ["T0100", "孙红", "王丽"]
    again = importing.import_ledger(
        school_id=school.pk, dataset=exported, by=accountant, commit=True
    )
    assert again.totals["skip"] == 3, again.problems()
    # ...but someone who has left takes no new card.
    report = run(school, accountant, [with_cells("JX-0004", 使用人="孙红")])
    assert "已离校" in problems_of(report)[2]


def test_the_template_lists_are_text_to_copy_exactly(
    client_for, school, accountant, location
):
    from tests.factories import DepartmentFactory

    LocationFactory(school=school, building=location.building, code="-1F01")
    DepartmentFactory(school=school, name='=HYPERLINK("http://x","总务处")')
    content = client_for(accountant).get(reverse("assets:import-template")).content
    sheets = {sheet.title: sheet for sheet in load_workbook(io.BytesIO(content))}
    room = next(c for c in sheets["房间"]["A"] if c.value == "-1F01")
    assert room.data_type == "s" and room.quotePrefix
    department = sheets["部门"]["A2"]
    assert department.value.startswith("=HYPERLINK") and department.data_type == "s"
    # A code copied from one of our exports ('-1F01) is the code itself.
    report = run(school, accountant, [with_cells("JX-0001", 存放地点编码="'-1F01")])
    assert report.committed, report.problems()


def test_a_wrong_used_range_does_not_hide_rows(school, accountant):
    import re
    import zipfile

    upload = xlsx_with([template_headers()] + [row(f"JX-{n}") for n in range(5)])
    broken = io.BytesIO()
    with zipfile.ZipFile(upload) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]+"', b'<dimension ref="A1:C3"', data
                )
            target.writestr(item, data)
    broken.seek(0)
    dataset = importing.read_workbook(broken)
    assert len(dataset) == 5 and dataset.headers == template_headers()


def test_a_file_that_unpacks_too_large_or_has_no_rows_is_refused(
    school, accountant, monkeypatch
):
    upload = xlsx_with([template_headers(), row("JX-1")])
    monkeypatch.setattr(importing, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ValidationError, match="解压后超过"):
        importing.read_workbook(upload)
    monkeypatch.undo()
    empty = importing.read_workbook(xlsx_with([template_headers()]))
    with pytest.raises(ValidationError, match="没有可导入的行"):
        importing.import_ledger(
            school_id=school.pk, dataset=empty, by=accountant, commit=False
        )


def test_one_imports_moves_share_a_batch(school, accountant, location):
    rows = [row("JX-1"), row("JX-2")]
    run(school, accountant, rows)
    moved = [with_cells(n, 存放地点编码=location.code) for n in ("JX-1", "JX-2")]
    run(school, accountant, moved)
    batches = set(Transfer.objects.values_list("batch", flat=True))
    assert len(batches) == 1 and None not in batches


def test_a_fault_in_checking_is_a_server_error_not_an_unreadable_file(
    client_for, accountant, monkeypatch
):
    def broken(*args, **kwargs):
        raise KeyError("bug")

    monkeypatch.setattr(importing, "build_new", broken)
    upload = xlsx_with([template_headers(), row("JX-1")])
    upload.name = "台账.xlsx"
    with pytest.raises(KeyError):
        client_for(accountant).post(reverse("assets:import"), {"file": upload})
    junk = io.BytesIO(b"PK\x03\x04 this is no workbook")
    junk.name = "台账.xlsx"
    response = client_for(accountant).post(reverse("assets:import"), {"file": junk})
    assert response.context["form"].errors["file"] == [
        "无法将此文件读取为 Excel 工作簿。"
    ]


def test_field_names_read_right_in_history_and_the_people_sheet(client_for, accountant):
    from assets.models import Disposal, Stocktake

    assert str(Asset._meta.get_field("location").verbose_name) == "存放地点"
    assert str(Asset._meta.get_field("status").verbose_name) == "使用状况"
    assert str(Disposal._meta.get_field("status").verbose_name) == "状态"
    assert str(Stocktake._meta.get_field("status").verbose_name) == "状态"
    content = client_for(accountant).get(reverse("assets:import-template")).content
    people = load_workbook(io.BytesIO(content))["人员"]
    assert people["A1"].value == "姓名"


def test_english_labels_are_read_in_any_case(school, accountant):
    rows = [
        with_cells(number, 使用状况=status, 取得方式=method)
        for number, status, method in (
            ("JX-1", "in use", "purchase"),
            ("JX-2", "Idle", "DONATION"),
            ("JX-3", "under_repair", "购置"),
        )
    ]
    report = run(school, accountant, rows)
    assert report.committed, report.problems()
    statuses = dict(Asset.objects.values_list("number", "status"))
    assert statuses == {"JX-1": "in_use", "JX-2": "idle", "JX-3": "under_repair"}


def test_the_resource_exports_with_a_constant_number_of_queries(
    school, accountant, teacher, junior_class
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(count):
        run(
            school,
            accountant,
            [
                with_cells(f"Q-{count}-{n}", 使用人="王丽", 责任班级="初一(3)班")
                for n in range(count)
            ],
        )
        with CaptureQueriesContext(connection) as captured:
            AssetResource(school=school).export()
        return len(captured)

    assert queries(2) == queries(8)
