"""The month rule follows the school's accounting system (政府会计制度 by default).

A school that stored the retired month rule keeps its meaning as an accounting
system; every card's first and last depreciated month are recomputed under its
school's rule (the government rule starts in the month of acquisition).
"""

from django.db import migrations

LEGACY = "assets.DEPRECIATION_MONTH_RULE"
KEY = "assets.ACCOUNTING_SYSTEM"


def forwards(apps, schema_editor):
    from assets.conf import MONTH_RULES, NEXT_MONTH, assets_setting

    SchoolRule = apps.get_model("logistics", "SchoolRule")
    Asset = apps.get_model("assets", "Asset")
    for row in SchoolRule.objects.filter(key=LEGACY):
        system = "enterprise" if row.value == NEXT_MONTH else "government"
        if not SchoolRule.objects.filter(school_id=row.school_id, key=KEY).exists():
            SchoolRule.objects.create(
                school_id=row.school_id,
                key=KEY,
                value=system,
                updated_by_id=row.updated_by_id,
            )
        row.delete()
    default = assets_setting("ACCOUNTING_SYSTEM")
    systems = dict(SchoolRule.objects.filter(key=KEY).values_list("school_id", "value"))
    changed = []
    queryset = Asset.objects.filter(depreciation_start__isnull=False).only(
        "school_id", "acquired_on", "disposed_on", "depreciation_start", "depreciation_end"
    )
    for asset in queryset.iterator(chunk_size=2000):
        rule = MONTH_RULES.get(systems.get(asset.school_id, default))
        shift = 1 if rule == NEXT_MONTH else 0
        start = asset.acquired_on.year * 12 + asset.acquired_on.month - 1 + shift
        end = None
        if asset.disposed_on:
            day = asset.disposed_on
            end = day.year * 12 + day.month - 1 - (1 - shift)
        if (start, end) != (asset.depreciation_start, asset.depreciation_end):
            asset.depreciation_start, asset.depreciation_end = start, end
            changed.append(asset)
        if len(changed) >= 2000:
            Asset.objects.bulk_update(changed, ["depreciation_start", "depreciation_end"])
            changed = []
    Asset.objects.bulk_update(changed, ["depreciation_start", "depreciation_end"])


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0009_depreciation_posting"),
        ("logistics", "0006_school_rules_document_counters"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
