"""Categories become a table per school (editable in the admin) instead of a list
in code. Step 1 of 2: the table, the standard nine for every school, and each
request's category copied from its code to a foreign key. New schools get the
standard categories from a post_save signal (repairs.apps).

The old column goes in 0003: PostgreSQL refuses to alter a table in the same
transaction that updated its rows (pending trigger events).
"""

import django.db.models.deletion
from django.db import migrations, models


def seed_and_link(apps, schema_editor):
    from repairs.categories import seed_categories

    School = apps.get_model("logistics", "School")
    Category = apps.get_model("repairs", "RepairCategory")
    Request = apps.get_model("repairs", "RepairRequest")
    for school_id in School.objects.values_list("pk", flat=True):
        codes = seed_categories(school_id, Category=Category)
        used = (
            Request.objects.filter(school_id=school_id)
            .values_list("category", flat=True)
            .distinct()
        )
        for code in list(used):
            Request.objects.filter(school_id=school_id, category=code).update(
                category_ref_id=codes.get(code) or codes["other"]
            )


def unlink(apps, schema_editor):
    Category = apps.get_model("repairs", "RepairCategory")
    Request = apps.get_model("repairs", "RepairRequest")
    for pk, code in Category.objects.values_list("pk", "code"):
        Request.objects.filter(category_ref_id=pk).update(category=code)


class Migration(migrations.Migration):
    dependencies = [
        ("logistics", "0002_role_groups"),
        ("repairs", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="RepairCategory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "code",
                    models.SlugField(
                        blank=True,
                        help_text="Short Latin letters used in links and filters, e.g. “aircon”. Left empty, one is made from the English name.",
                        max_length=30,
                        verbose_name="code",
                    ),
                ),
                (
                    "name_zh",
                    models.CharField(max_length=50, verbose_name="name (Chinese)"),
                ),
                (
                    "name_en",
                    models.CharField(
                        blank=True,
                        help_text="Shown to people using English; empty: the Chinese name.",
                        max_length=50,
                        verbose_name="name (English)",
                    ),
                ),
                (
                    "order",
                    models.PositiveSmallIntegerField(
                        default=100,
                        help_text="Smaller numbers come first.",
                        verbose_name="order",
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Categories no longer in use are not offered for new requests; old requests keep them.",
                        verbose_name="in use",
                    ),
                ),
                (
                    "school",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="logistics.school",
                        verbose_name="school",
                    ),
                ),
            ],
            options={
                "verbose_name": "repair category",
                "verbose_name_plural": "repair categories",
                "ordering": ["school", "order", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("school", "code"), name="repaircategory_code_unique"
                    ),
                    models.UniqueConstraint(
                        fields=("school", "name_zh"), name="repaircategory_name_unique"
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="repairrequest",
            name="category_ref",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="repairs.repaircategory",
            ),
        ),
        migrations.RunPython(seed_and_link, unlink),
    ]
