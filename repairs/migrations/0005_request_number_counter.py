# Request numbers move to the core's counters (logistics/numbering.py).

import re

from django.conf import settings
from django.db import migrations, models

# Numbers made before, from the request's id: BX + year + id (six digits or more).
OLD_NUMBER = re.compile(r"BX(\d{4})(\d{6,})")


def seed_counters(apps, schema_editor):
    """Start each school's counter of each year past its highest existing number,
    so a new number never repeats one made from the ids before."""
    RepairRequest = apps.get_model("repairs", "RepairRequest")
    DocumentCounter = apps.get_model("logistics", "DocumentCounter")
    highest = {}
    rows = RepairRequest.objects.exclude(number="").values_list("school_id", "number")
    for school_id, number in rows.iterator(chunk_size=5000):
        match = OLD_NUMBER.fullmatch(number)
        if match:
            key = (school_id, f"BX{match[1]}#")
            highest[key] = max(highest.get(key, 0), int(match[2]))
    for (school_id, key), last in highest.items():
        counter, _created = DocumentCounter.objects.get_or_create(
            school_id=school_id, kind="repair", key=key
        )
        if counter.last < last:
            counter.last = last
            counter.save(update_fields=["last"])


class Migration(migrations.Migration):

    dependencies = [
        ('logistics', '0006_school_rules_document_counters'),
        ('repairs', '0004_alter_priceitem_options_alter_repaircategory_options'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(seed_counters, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='repairrequest',
            constraint=models.UniqueConstraint(condition=models.Q(('number', ''), _negated=True), fields=('school', 'number'), name='repairrequest_number_unique'),
        ),
    ]
