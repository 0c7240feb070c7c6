"""The GB/T 14885-2010 top levels with their depreciation years, as seed data.

Codes and names come from ``data/gbt14885_2010_top_levels.csv``; the years from
``data/depreciation_years.csv`` (财会〔2017〕4号, 表1: the minimum years; for
special equipment the lower bound of the range). Where the table has no row for a
class the years below say what is used and why. Classes that are not depreciated
(land, relics and exhibits, books and archives, animals and plants) get none.
"""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SCHEME = "GB/T 14885"
VERSION = "2010"

# GB/T 14885 code -> years where the name differs from the depreciation table or
# the table has no row (应用指南 表1 gives 5 years for 文艺/体育/娱乐设备 under
# 专用设备 and 15 for furniture, 5 for 被服装具).
YEARS_BY_CODE = {
    "1020000": 30,  # 房屋: 砖混/砖木 30, the shortest of the building rows
    "1030000": 8,  # 构筑物
    "2010000": 6,  # 计算机设备及软件 -> 计算机设备
    "2410000": 5,  # 电子和通信测量仪器 -> 电子和通信测量设备
    "3600000": 5,  # 专用仪器仪表
    "3700000": 5,  # 文艺设备
    "3710000": 5,  # 体育设备
    "3720000": 5,  # 娱乐设备
    "6010000": 15,  # 家具用具
    "6020000": 5,  # 被服装具
}
NOT_DEPRECIATED = {"1010000", "4", "4010000", "4020000", "5", "5010000"}
NOT_DEPRECIATED |= {"6030000", "6040000"}


def _years_by_name():
    years = {}
    with open(DATA / "depreciation_years.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["category"] in {"通用设备", "专用设备"} and not row["subcategory"]:
                years.setdefault(row["item"], int(row["min_years"]))
    return years


def gbt14885_rows():
    """(code, name, parent_code, level, depreciates, years) for every seeded node."""
    by_name = _years_by_name()
    rows = []
    with open(DATA / "gbt14885_2010_top_levels.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["code"]
            depreciates = code not in NOT_DEPRECIATED
            years = None
            if depreciates and row["level"] == "2":
                years = YEARS_BY_CODE.get(code) or by_name.get(row["name"])
            rows.append(
                (
                    code,
                    row["name"],
                    row["parent_code"] or None,
                    int(row["level"]),
                    depreciates,
                    years,
                )
            )
    return rows


def seed_categories(school_id, Category=None):
    """Create the standard's top levels for one school; existing codes are kept."""
    if Category is None:
        from .models import Category
    existing = dict(
        Category.objects.filter(school_id=school_id, scheme=SCHEME).values_list(
            "code", "pk"
        )
    )
    for code, name, parent_code, level, depreciates, years in gbt14885_rows():
        if code in existing:
            continue
        node = Category.objects.create(
            school_id=school_id,
            parent_id=existing.get(parent_code) if parent_code else None,
            code=code,
            name=name,
            scheme=SCHEME,
            scheme_version=VERSION,
            level=level,
            depreciates=depreciates,
            depreciation_years=years,
        )
        existing[code] = node.pk
