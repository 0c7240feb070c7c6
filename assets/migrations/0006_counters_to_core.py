# Asset number counters move to the core's document counters (logistics/numbering.py).

from django.db import migrations


def copy_counters(apps, schema_editor):
    AssetNumberCounter = apps.get_model("assets", "AssetNumberCounter")
    DocumentCounter = apps.get_model("logistics", "DocumentCounter")
    for old in AssetNumberCounter.objects.all().iterator():
        counter, _created = DocumentCounter.objects.get_or_create(
            school_id=old.school_id, kind="asset", key=old.key
        )
        if counter.last < old.last:
            counter.last = old.last
            counter.save(update_fields=["last"])


def copy_back(apps, schema_editor):
    AssetNumberCounter = apps.get_model("assets", "AssetNumberCounter")
    DocumentCounter = apps.get_model("logistics", "DocumentCounter")
    for counter in DocumentCounter.objects.filter(kind="asset").iterator():
        AssetNumberCounter.objects.update_or_create(
            school_id=counter.school_id,
            key=counter.key,
            defaults={"last": counter.last},
        )


class Migration(migrations.Migration):

    dependencies = [
        ('assets', '0005_capitalised_choice_labels'),
        ('logistics', '0006_school_rules_document_counters'),
    ]

    operations = [
        migrations.RunPython(copy_counters, copy_back),
        migrations.DeleteModel(
            name='AssetNumberCounter',
        ),
    ]
