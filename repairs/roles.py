"""Which role holds which repairs permission (read by the core after migrate)."""

from logistics.roles import EVERY_ROLE, Role, grant

# Everyone who works at the school may report a repair and follow their own.
grant(EVERY_ROLE, ["repairs.add_repairrequest", "repairs.view_repairrequest"])
grant([Role.TECHNICIAN], ["repairs.work_repairrequest"])
grant(
    [Role.LOGISTICS_HEAD],
    [
        "repairs.view_all_repairrequest",
        "repairs.triage_repairrequest",
        "repairs.export_repairrequest",
        "repairs.view_repair_statistics",
        "repairs.change_repairrequest",
        "repairs.view_priceitem",
        "repairs.add_priceitem",
        "repairs.change_priceitem",
        "repairs.view_repaircategory",
        "repairs.add_repaircategory",
        "repairs.change_repaircategory",
        "repairs.delete_repaircategory",
        # Correct the parts a technician recorded (add, change, remove).
        "repairs.change_repairpart",
    ],
)
grant(
    [Role.ACCOUNTANT],
    [
        "repairs.view_all_repairrequest",
        "repairs.export_repairrequest",
        "repairs.view_repair_statistics",
        "repairs.mark_compensation_paid",
        "repairs.view_priceitem",
    ],
)
grant(
    [Role.DIRECTOR],
    ["repairs.view_all_repairrequest", "repairs.view_repair_statistics"],
)
grant(
    [Role.ADMINISTRATOR],
    [
        "repairs.view_priceitem",
        "repairs.add_priceitem",
        "repairs.change_priceitem",
        "repairs.view_repaircategory",
        "repairs.add_repaircategory",
        "repairs.change_repaircategory",
    ],
)
