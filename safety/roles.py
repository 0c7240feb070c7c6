"""Which role holds which campus-safety permission (read by the core after migrate)."""

from logistics.roles import EVERY_ROLE, Role, grant

# Anyone at the school may report a hazard.
grant(EVERY_ROLE, ["safety.add_hazard", "safety.view_hazard"])
# Everyone who works at the school reads the safety rules and emergency plans (the
# system administrator, who keeps the installation, is not asked to).
grant(
    [role for role in EVERY_ROLE if role != Role.ADMINISTRATOR],
    ["safety.view_safetydocument"],
)
# The person on duty walks the rounds and checks fire equipment.
grant(
    [Role.ON_DUTY],
    [
        "safety.walk_patrolround",
        "safety.view_patrolround",
        "safety.check_fireequipment",
        "safety.view_fireequipment",
    ],
)
# The gate registers visitors and records them leaving.
grant(
    [Role.GATE],
    ["safety.add_visitor", "safety.view_visitor", "safety.change_visitor"],
)
grant(
    [Role.LOGISTICS_HEAD],
    [
        "safety.walk_patrolround",
        "safety.view_patrolround",
        "safety.manage_patrols",
        "safety.view_safety_report",
        "safety.manage_hazard",
        "safety.view_all_hazard",
        "safety.export_hazard",
        "safety.check_fireequipment",
        "safety.view_fireequipment",
        "safety.add_fireequipment",
        "safety.change_fireequipment",
        "safety.add_visitor",
        "safety.view_visitor",
        "safety.change_visitor",
        "safety.export_visitor",
        "safety.add_safetydocument",
        "safety.change_safetydocument",
        "safety.add_documentversion",
        "safety.view_emergencycontact",
        "safety.add_emergencycontact",
        "safety.change_emergencycontact",
        "safety.delete_emergencycontact",
        "safety.view_route",
        "safety.add_route",
        "safety.change_route",
        "safety.view_checkpoint",
        "safety.add_checkpoint",
        "safety.change_checkpoint",
        "safety.delete_checkpoint",
        "safety.view_checkpointkind",
        "safety.add_checkpointkind",
        "safety.change_checkpointkind",
        "safety.view_roundschedule",
        "safety.add_roundschedule",
        "safety.change_roundschedule",
        "safety.view_holiday",
        "safety.add_holiday",
        "safety.change_holiday",
        "safety.delete_holiday",
        "safety.view_dutyassignment",
        "safety.add_dutyassignment",
        "safety.change_dutyassignment",
    ],
)
grant(
    [Role.DIRECTOR],
    [
        "safety.view_patrolround",
        "safety.view_safety_report",
        "safety.view_all_hazard",
        "safety.export_hazard",
        "safety.view_fireequipment",
        "safety.view_visitor",
        "safety.export_visitor",
    ],
)
