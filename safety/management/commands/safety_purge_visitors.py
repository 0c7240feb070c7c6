from django.core.management.base import BaseCommand

from safety.services import visitors_purge


class Command(BaseCommand):
    help = (
        "Delete visitor records older than each school's retention period (run daily)."
    )

    def handle(self, *args, **options):
        count = visitors_purge()
        self.stdout.write(f"Visitor records deleted: {count}")
