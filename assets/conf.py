"""Numbers a school may change without code: ``settings.ASSETS`` overrides these.

``DEPRECIATION_MONTH_RULE`` follows 政府会计准则第3号——固定资产 by default
(``"next_month"``): an asset added in a month is not depreciated that month but
from the next one (当月增加的固定资产当月不提折旧，从下月起计提), and an asset
disposed of in a month is still depreciated that month and not after it (当月减少的
固定资产当月照提折旧，从下月起不再计提). ``"same_month"`` is the other convention:
the month of acquisition counts and the month of disposal does not.
"""

from decimal import Decimal

from django.conf import settings

NEXT_MONTH = "next_month"
SAME_MONTH = "same_month"

DEFAULTS = {
    "DEPRECIATION_MONTH_RULE": NEXT_MONTH,
    # Unit value from which a new item is a fixed asset (《事业单位财务规则》).
    "CAPITALISATION_THRESHOLD": Decimal("1000"),
    # Placeholders: {school} school code, {year} year of acquisition,
    # {category} top-level category code, {seq} the running number.
    "NUMBER_PATTERN": "{school}-{year}-{seq:05d}",
    "LIST_PAGE_SIZE": 50,
    # The card's photo: the largest upload accepted, and the longer side it is
    # shrunk to before it is stored (without its EXIF).
    "MAX_PHOTO_BYTES": 8 * 1024 * 1024,
    "PHOTO_MAX_SIDE": 1600,
    "STOCKTAKE_PAGE_SIZE": 200,
    # The largest ledger file the import accepts (a 10,000-row ledger is ~1 MiB).
    "MAX_IMPORT_BYTES": 20 * 1024 * 1024,
}


def assets_setting(name):
    return getattr(settings, "ASSETS", {}).get(name, DEFAULTS[name])
