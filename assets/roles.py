"""Which role holds which assets permission (read by the core after migrate).

The logistics head and the accountant keep the ledger; the director approves
disposals; everyone sees the assets they hold.
"""

from logistics.roles import EVERY_ROLE, Role, grant

grant(EVERY_ROLE, ["assets.view_asset"])
_LEDGER_READ = [
    "assets.view_all_asset",
    "assets.view_category",
    "assets.view_disposal",
    "assets.view_stocktake",
    "assets.view_depreciation",
    "assets.export_asset",
    # The posted records, read in the admin (nobody changes them there).
    "assets.view_depreciationmonth",
    "assets.view_depreciationentry",
    "assets.view_assetadjustment",
    "assets.view_ledgeropening",
]
_LEDGER_EDIT = [
    "assets.add_asset",
    "assets.change_asset",
    "assets.import_asset",
    "assets.transfer_asset",
    "assets.add_category",
    "assets.change_category",
    "assets.add_disposal",
    "assets.change_disposal",
]
grant([Role.LOGISTICS_HEAD, Role.ACCOUNTANT], _LEDGER_READ + _LEDGER_EDIT)
grant([Role.LOGISTICS_HEAD], ["assets.run_stocktake"])
grant([Role.DIRECTOR], [*_LEDGER_READ, "assets.approve_disposal"])
# Closing and reopening depreciation months, and opening the ledger: the accountant.
grant([Role.ACCOUNTANT], ["assets.close_depreciation_month"])
