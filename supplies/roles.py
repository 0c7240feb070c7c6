"""Which role holds which warehouse permission (read by the core after migrate)."""

from logistics.roles import EVERY_ROLE, Role, grant

# Everyone may look up the catalogue, ask for items and for printing, and
# follow their own requisitions and print jobs.
# The gate (门卫) has no business in the catalogue.
grant([r for r in EVERY_ROLE if r != Role.GATE], ["supplies.view_item"])
grant(
    EVERY_ROLE,
    [
        "supplies.add_requisition",
        "supplies.view_requisition",
        "supplies.add_printjob",
        "supplies.view_printjob",
    ],
)
_LEDGER_READERS = [
    "supplies.view_stockmovement",
    "supplies.export_stock",
    "supplies.view_all_requisition",
    "supplies.view_distribution",
    "supplies.view_warehousecount",
    "supplies.view_quota",
]
grant([Role.STOREKEEPER], _LEDGER_READERS)
grant(
    [Role.STOREKEEPER],
    [
        # Only the storekeeper moves stock.
        "supplies.receive_stock",
        "supplies.issue_stock",
        "supplies.run_warehouse_stocktake",
        "supplies.add_item",
        "supplies.change_item",
        "supplies.view_itemcategory",
        "supplies.add_itemcategory",
        "supplies.change_itemcategory",
        "supplies.add_distribution",
        "supplies.view_all_printjob",
    ],
)
grant([Role.PRINT_ROOM], ["supplies.run_printjob", "supplies.view_all_printjob"])
grant(
    [Role.LOGISTICS_HEAD],
    [
        *_LEDGER_READERS,
        "supplies.view_all_printjob",
        "supplies.add_quota",
        "supplies.change_quota",
        "supplies.view_itemcategory",
    ],
)
grant([Role.ACCOUNTANT], _LEDGER_READERS)
grant(
    [Role.DIRECTOR],
    ["supplies.view_all_requisition", "supplies.view_all_printjob"],
)
grant(
    [Role.ADMINISTRATOR],
    [
        "supplies.view_itemcategory",
        "supplies.add_itemcategory",
        "supplies.change_itemcategory",
    ],
)
