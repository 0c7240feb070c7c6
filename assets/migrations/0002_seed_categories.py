"""Every existing school gets the GB/T 14885-2010 top levels; new schools get them
from a post_save signal (assets.apps)."""

from django.db import migrations


def seed(apps, schema_editor):
    from assets.categories import seed_categories

    School = apps.get_model("logistics", "School")
    Category = apps.get_model("assets", "Category")
    for school_id in School.objects.values_list("pk", flat=True):
        seed_categories(school_id, Category=Category)


class Migration(migrations.Migration):
    dependencies = [("assets", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
