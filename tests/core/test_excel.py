import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from logistics.excel import Column, LocalSerial, write_xlsx
from logistics.roles import Role

from ..factories import LocationFactory, make_user

COLUMNS = [
    Column("名称"),
    Column("金额", "money"),
    Column("日期", "date"),
    Column("时间", "datetime"),
    Column("数量", "int"),
]


def _write(rows, **kwargs):
    buffer = io.BytesIO()
    write_xlsx(
        buffer,
        columns=COLUMNS,
        rows=rows,
        title="资产台账",
        subtitle="南山实验学校",
        **kwargs,
    )
    buffer.seek(0)
    return load_workbook(buffer).active


def test_title_header_rows_and_formats_read_back():
    when = datetime.datetime(2026, 11, 25, 8, 30, tzinfo=datetime.UTC)
    sheet = _write(
        [("课桌", Decimal("1234.50"), datetime.date(2026, 9, 1), when, 50)],
        totals=("合计", Decimal("1234.50"), None, None, 50),
    )
    assert sheet["A1"].value == "资产台账" and sheet["A2"].value == "南山实验学校"
    assert [c.value for c in sheet[3]] == ["名称", "金额", "日期", "时间", "数量"]
    row = sheet[4]
    assert row[0].value == "课桌"
    assert row[1].value == Decimal("1234.5") or row[1].value == 1234.5
    assert row[1].number_format == "#,##0.00"
    assert (
        row[2].value == datetime.datetime(2026, 9, 1)
        and row[2].number_format == "yyyy-mm-dd"
    )
    # Shown in Asia/Shanghai: 08:30 UTC is 16:30 in Beijing.
    assert row[3].value == datetime.datetime(2026, 11, 25, 16, 30)
    assert sheet[5][0].value == "合计" and sheet[5][0].font.b
    # The bold totals row does not leak its font into the shared column style.
    assert not row[1].font.b and sheet[5][1].number_format == "#,##0.00"
    assert sheet.freeze_panes == "A4"


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+86 138 0013 8000", "-5", "@x", "+cmd|' /C calc'!A0", "\t=x"],
)
def test_formula_triggers_stay_text_with_the_quote_prefix_style(text):
    sheet = _write([(text, None, None, None, None)])
    cell = sheet["A4"]
    # Exactly the text, no apostrophe added: the quote-prefix style keeps it a
    # text (also when the cell is edited), as Excel's own leading ' does.
    assert cell.value == text
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_plain_text_has_no_quote_prefix():
    sheet = _write([("课桌 -5", None, None, None, None)])
    assert sheet["A4"].value == "课桌 -5" and not sheet["A4"].quotePrefix


def test_a_carriage_return_becomes_a_line_feed():
    sheet = _write(
        [("\r=x", None, None, None, None), ("一\r\n二", None, None, None, None)]
    )
    assert sheet["A4"].value == "\n=x" and sheet["A4"].quotePrefix
    assert sheet["A5"].value == "一\n二"


def test_titles_and_headers_are_quote_prefixed_too():
    buffer = io.BytesIO()
    write_xlsx(buffer, columns=[Column("=A1")], rows=[], title="-1", subtitle="@x")
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    for ref, text in (("A1", "-1"), ("A2", "@x"), ("A3", "=A1")):
        assert sheet[ref].value == text and sheet[ref].quotePrefix


def test_labels_are_looked_up_per_column():
    buffer = io.BytesIO()
    columns = [Column("状态", labels={"open": "待处理"}), Column("数", "int")]
    write_xlsx(buffer, columns=columns, rows=[("open", 1), ("odd", 2)], title="t")
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=4)] == [
        ["待处理", 1],
        ["odd", 2],
    ]


def test_empty_text_is_an_empty_cell():
    sheet = _write([("", Decimal("1.00"), None, None, None)])
    assert sheet["A4"].value is None and sheet["B4"].value == 1


def test_negative_money_stays_a_number():
    sheet = _write([("退款", Decimal("-12.00"), None, None, None)])
    assert sheet["B4"].value == -12


def test_control_characters_do_not_break_the_file():
    sheet = _write([("坏\x00字符\x1b", None, None, None, None)])
    assert sheet["A4"].value == "坏字符"


@pytest.mark.django_db
def test_location_export_honours_filters_and_reads_back(school, client_for):
    LocationFactory(
        school=school,
        building__campus__school=school,
        code="A101",
        name="化学实验室",
        kind="laboratory",
        floor=1,
    )
    LocationFactory(
        school=school,
        building__campus__school=school,
        code="A102",
        name="=HYPERLINK()",
        kind="office",
        floor=2,
    )
    client = client_for(make_user(school, Role.ACCOUNTANT))
    response = client.get(reverse("location-export"), {"kind": "laboratory"})
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert rows == [["A101", "化学实验室", "实验室", rows[0][3], rows[0][4], 1]]
    everything = client.get(reverse("location-export"))
    sheet = load_workbook(io.BytesIO(b"".join(everything.streaming_content))).active
    names = [row[1].value for row in sheet.iter_rows(min_row=4)]
    assert "=HYPERLINK()" in names


@pytest.mark.django_db
def test_staff_cannot_export(school, client_for):
    response = client_for(make_user(school, Role.STAFF)).get(reverse("location-export"))
    assert response.status_code == 403


def test_shanghai_is_the_zone():
    from django.conf import settings

    assert ZoneInfo(settings.TIME_ZONE) == ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    "zone",
    ["Asia/Shanghai", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe"],
)
def test_local_serial_matches_the_zones_wall_clock_also_on_clock_change_days(zone):
    zone = ZoneInfo(zone)
    serial = LocalSerial(zone)
    start = datetime.datetime(1986, 1, 1, tzinfo=datetime.UTC)
    # Every 37 minutes and 13.5 seconds over seven years: every clock change of
    # these zones (China's summer time of 1986-1991 included) and its hours.
    step = datetime.timedelta(minutes=37, seconds=13, microseconds=500_000)
    for n in range(0, 100_000):
        value = start + n * step
        local = value.astimezone(zone).replace(tzinfo=None, microsecond=0)
        expected = (local - datetime.datetime(1899, 12, 30)) / datetime.timedelta(1)
        assert serial(value) == pytest.approx(expected, abs=1e-9), value
