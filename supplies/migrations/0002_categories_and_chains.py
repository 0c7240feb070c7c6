"""Every existing school gets the standard classes of goods and the default
approval chains of requisitions and print jobs (the logistics head decides); a
new school gets them when it is created. Copied as they were when written."""

from django.db import migrations

CATEGORIES = [
    ("01", "办公用品", ""),
    ("0101", "纸张", "01"),
    ("0102", "书写用品", "01"),
    ("0103", "文件管理", "01"),
    ("02", "教学用品", ""),
    ("0201", "作业本", "02"),
    ("0202", "粉笔与板擦", "02"),
    ("03", "清洁用品", ""),
    ("04", "维修材料", ""),
    ("0401", "电工材料", "04"),
    ("0402", "水暖材料", "04"),
    ("0403", "五金工具", "04"),
    ("05", "体育卫生用品", ""),
    ("06", "实验耗材", ""),
    ("07", "印刷用纸与耗材", ""),
]
CHAINS = ("supplies.requisition", "supplies.print_job")


def create(apps, schema_editor):
    School = apps.get_model("logistics", "School")
    ItemCategory = apps.get_model("supplies", "ItemCategory")
    ApprovalChain = apps.get_model("logistics", "ApprovalChain")
    ApprovalStep = apps.get_model("logistics", "ApprovalStep")
    for school in School.objects.all():
        existing = dict(
            ItemCategory.objects.filter(school=school).values_list("code", "pk")
        )
        for code, name, parent in CATEGORIES:
            if code not in existing:
                existing[code] = ItemCategory.objects.create(
                    school=school, code=code, name=name, parent_id=existing.get(parent)
                ).pk
        for kind in CHAINS:
            chain, created = ApprovalChain.objects.get_or_create(
                school=school, kind=kind
            )
            if created:
                ApprovalStep.objects.create(
                    school=school,
                    chain=chain,
                    order=1,
                    role="logistics_head",
                    requester_rule="other_holder",
                )


class Migration(migrations.Migration):
    dependencies = [
        ("supplies", "0001_ledger"),
        ("logistics", "0014_gate_role"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
