"""The admin's exports (django-import-export) keep formula triggers inert without
changing what a person reads: .xlsx cells carry the quote-prefix style and the
text as typed; CSV, which has no styles, keeps the apostrophe."""

import io
import re

import pytest
from lxml import html
from openpyxl import load_workbook

from logistics.export_formats import EXPORT_FORMATS, NeutralisedCSV, QuotePrefixXLSX
from logistics.roles import Role
from tests.factories import LocationFactory, make_user

pytestmark = pytest.mark.django_db

TEXTS = ["=1+1", "+86 138 0013 8000", "-5", "@x", "一班教室"]
EXPORT = "/admin/logistics/location/export/"


def export(client, file_format):
    page = html.fromstring(client.get(EXPORT).content)
    data = {
        field.name: field.value or "on"
        for field in page.xpath("//form//input[@type='checkbox']")
        if field.checked
    }
    data.update(
        {
            field.name: field.value
            for field in page.xpath("//form//input[@type='hidden']")
            if field.name
        }
    )
    options = {
        option.text_content().strip(): option.get("value")
        for option in page.xpath("//select[@name='format']/option")
    }
    data["format"] = options[file_format().get_title()]
    for select in page.xpath("//select[@name!='format']"):
        chosen = select.xpath("./option[@selected]") or select.xpath("./option")
        data[select.name] = chosen[0].get("value")
    response = client.post(EXPORT, data)
    assert response.status_code == 200, response.content[:500]
    return response.content


@pytest.fixture
def places(school):
    return [
        LocationFactory(school=school, code=f"R{n}", name=text)
        for n, text in enumerate(TEXTS)
    ]


@pytest.fixture
def admin(school):
    return make_user(school, Role.ADMINISTRATOR, is_staff=True)


def test_the_admin_offers_the_formula_safe_formats(client_for, admin, places):
    page = client_for(admin).get(EXPORT).content.decode()
    titles = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', page)
    assert [f().get_title() for f in EXPORT_FORMATS] == [
        t for t in titles if t in {f().get_title() for f in EXPORT_FORMATS}
    ]


def test_xlsx_export_shows_the_text_as_typed_with_the_quote_prefix_style(
    client_for, admin, places
):
    sheet = load_workbook(io.BytesIO(export(client_for(admin), QuotePrefixXLSX))).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("name") + 1
    cells = {
        sheet.cell(row, column).value: sheet.cell(row, column)
        for row in range(2, sheet.max_row + 1)
    }
    assert set(cells) == set(TEXTS)  # no apostrophe added
    for text in TEXTS:
        assert cells[text].data_type == "s"
        assert cells[text].quotePrefix == (text[0] in "=+-@")


def test_csv_export_keeps_the_apostrophe(client_for, admin, places):
    text = export(client_for(admin), NeutralisedCSV).decode("utf-8-sig")
    assert "'=1+1" in text and "'+86 138 0013 8000" in text and "'@x" in text
    assert "一班教室" in text and "'一班教室" not in text


def test_the_dataset_holds_the_text_as_typed(school, places):
    from logistics.resources import LocationResource

    names = {row["name"] for row in LocationResource(school=school).export().dict}
    assert names == set(TEXTS)


def test_xlsx_export_reads_back_as_typed_in_libreoffice(
    client_for, admin, places, tmp_path
):
    import csv
    import subprocess

    from .test_excel_in_libreoffice import CSV_FILTER, SOFFICE

    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    workbook = tmp_path / "export.xlsx"
    workbook.write_bytes(export(client_for(admin), QuotePrefixXLSX))
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with (tmp_path / "export.csv").open(encoding="utf-8", newline="") as text:
        rows = list(csv.reader(text))
    column = rows[0].index("name")
    assert {row[column] for row in rows[1:]} == set(TEXTS)
