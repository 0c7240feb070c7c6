"""Step 2 of 2: the request's category is the foreign key filled in 0002; the text
column goes. Reversible: see the default below."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("repairs", "0002_repaircategory")]

    operations = [
        migrations.RemoveIndex(
            model_name="repairrequest", name="repairs_rep_locatio_f160c7_idx"
        ),
        migrations.RemoveConstraint(
            model_name="repairrequest", name="repairrequest_category_valid"
        ),
        # A default, so that migrating back can re-add the text column to a
        # table with rows (0002 then copies the codes back).
        migrations.AlterField(
            model_name="repairrequest",
            name="category",
            field=models.CharField(default="other", max_length=20),
        ),
        migrations.RemoveField(model_name="repairrequest", name="category"),
        migrations.RenameField(
            model_name="repairrequest", old_name="category_ref", new_name="category"
        ),
        migrations.AlterField(
            model_name="repairrequest",
            name="category",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="repair_requests",
                to="repairs.repaircategory",
                verbose_name="category",
            ),
        ),
        migrations.AddIndex(
            model_name="repairrequest",
            index=models.Index(
                fields=["location", "category", "status"],
                name="repairs_rep_locatio_17da2c_idx",
            ),
        ),
    ]
