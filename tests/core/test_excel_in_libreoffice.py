"""An export opened by LibreOffice Calc shows the texts as typed, computes nothing.

openpyxl reads the file's XML; LibreOffice reads it as a person's spreadsheet
program does. Converted to CSV with the cells "as shown", a formula would show
its result and an added apostrophe would show as one.
"""

import csv
import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest

from logistics.excel import Column, write_xlsx

SOFFICE = shutil.which("soffice")

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: scripts/system-packages.sh "
    "office installs it, as `make test` does",
)

# Comma-separated, double quotes, UTF-8, from line 1, cells as shown.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true"


def as_libreoffice_shows_it(tmp_path, **kwargs):
    workbook = tmp_path / "export.xlsx"
    with workbook.open("wb") as fileobj:
        write_xlsx(fileobj, **kwargs)
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
        return list(csv.reader(text))


def test_formula_triggers_read_back_exactly_in_libreoffice(tmp_path):
    texts = ["=1+1", "+86 138 0013 8000", "-5", "@x", '=HYPERLINK("http://x")']
    rows = as_libreoffice_shows_it(
        tmp_path,
        columns=[
            Column("文本"),
            Column("金额", "money"),
            Column("日期", "date"),
            Column("时间", "datetime"),
        ],
        rows=[
            (
                "课桌",
                Decimal("1234.50"),
                datetime.date(2026, 9, 1),
                datetime.datetime(2026, 11, 25, 8, 30, tzinfo=datetime.UTC),
            ),
            *((text, None, None, None) for text in texts),
        ],
        title="=标题",
        subtitle="南山实验学校",
    )
    assert rows[0][0] == "=标题"
    assert rows[2] == ["文本", "金额", "日期", "时间"]
    # Numbers and dates are typed: shown with their formats, in Beijing time.
    assert rows[3] == ["课桌", "1,234.50", "2026-09-01", "2026-11-25 16:30"]
    assert [row[0] for row in rows[4:]] == texts
