"""Which role holds which greening permission (read by the core after migrate)."""

from logistics.roles import EVERY_ROLE, Role, grant

# Everyone sees the rankings and the responsibility list (they hang on the wall).
grant(EVERY_ROLE, ["greening.view_inspection"])
# Those who oversee the grounds see every zone; zone keepers see their own zones
# and log care there.
grant(
    [Role.LOGISTICS_HEAD, Role.DIRECTOR, Role.ACCOUNTANT, Role.ADMINISTRATOR],
    ["greening.view_zone"],
)
grant([Role.ZONE_KEEPER], ["greening.log_care"])
# The head manages zones, plants, plans and scores them; a school names others by
# giving them "greening.inspect_zone".
grant(
    [Role.LOGISTICS_HEAD],
    [
        "greening.log_care",
        "greening.manage_zone",
        "greening.inspect_zone",
        "greening.export_zone",
        "greening.add_zone",
        "greening.change_zone",
        "greening.view_species",
        "greening.add_species",
        "greening.change_species",
        "greening.view_plant",
        "greening.add_plant",
        "greening.change_plant",
        "greening.delete_plant",
        "greening.view_careplan",
        "greening.add_careplan",
        "greening.change_careplan",
        "greening.delete_careplan",
        "greening.view_season",
        "greening.add_season",
        "greening.change_season",
        "greening.view_holiday",
        "greening.add_holiday",
        "greening.change_holiday",
        "greening.delete_holiday",
        "greening.view_term",
        "greening.add_term",
        "greening.change_term",
    ],
)
grant([Role.ACCOUNTANT, Role.DIRECTOR], ["greening.export_zone"])
grant(
    [Role.ADMINISTRATOR],
    [
        "greening.view_species",
        "greening.add_species",
        "greening.change_species",
        "greening.view_season",
        "greening.add_season",
        "greening.change_season",
        "greening.view_holiday",
        "greening.add_holiday",
        "greening.change_holiday",
        "greening.view_term",
        "greening.add_term",
        "greening.change_term",
    ],
)
