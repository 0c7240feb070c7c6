"""Create the role groups, so a fresh database has them before anyone logs in.

Their permissions are granted after every migrate by logistics.roles, which
reads the grants each app declares (permissions only exist after migrate).
"""

from django.db import migrations

ROLES = [
    "staff",
    "technician",
    "logistics_head",
    "storekeeper",
    "director",
    "accountant",
    "print_room",
    "zone_keeper",
    "on_duty",
    "administrator",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("logistics", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
