"""Which role holds which procurement permission (read by the core after migrate).

Everyone may ask to buy and follows their own requests; the logistics head,
the director and the accountant see the whole school's; approvers override the
budget; the head and the storekeeper order and accept; the accountant keeps the
budget and pays.
"""

from logistics.roles import EVERY_ROLE, Role, grant

grant(
    EVERY_ROLE,
    [
        "procurement.add_purchaserequest",
        "procurement.view_purchaserequest",
        "procurement.view_budgetline",
    ],
)
_SEE_ALL = [
    "procurement.view_all_purchaserequest",
    "procurement.export_purchaserequest",
    "procurement.view_budget_report",
    "procurement.view_supplier",
]
grant([Role.LOGISTICS_HEAD, Role.DIRECTOR, Role.ACCOUNTANT], _SEE_ALL)
grant([Role.LOGISTICS_HEAD, Role.DIRECTOR], ["procurement.override_budget"])
grant(
    [Role.LOGISTICS_HEAD, Role.STOREKEEPER],
    [
        "procurement.order_purchaserequest",
        "procurement.accept_purchaserequest",
        "procurement.view_supplier",
        "procurement.add_supplier",
        "procurement.change_supplier",
    ],
)
grant(
    [Role.ACCOUNTANT],
    [
        "procurement.pay_purchaserequest",
        "procurement.manage_budget",
        "procurement.add_budgetline",
        "procurement.change_budgetline",
    ],
)
