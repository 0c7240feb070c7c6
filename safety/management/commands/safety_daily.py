from django.core.management.base import BaseCommand

from logistics.models import School
from safety.services import fire_expiry_notify, visitors_purge


class Command(BaseCommand):
    help = (
        "Campus safety's daily work: notify expiring fire equipment and purge old "
        "visitor records (run daily by cron)."
    )

    def handle(self, *args, **options):
        units = sum(
            fire_expiry_notify(school_id=pk)
            for pk in School.objects.values_list("pk", flat=True)
        )
        deleted = visitors_purge()
        self.stdout.write(
            f"Fire equipment notified: {units}; visitor records deleted: {deleted}"
        )
