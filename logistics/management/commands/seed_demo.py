from django.core.management.base import BaseCommand
from django.db import transaction

from logistics.models import School
from logistics.notifications import email_muted
from logistics.registry import registry

DEMO_SCHOOL = {
    "code": "NSSY",
    "name": "南山实验学校",
    "short_name": "南山实验",
    "address": "广东省深圳市南山区学府路 88 号",
    "phone": "0755-26600000",
}


class Command(BaseCommand):
    help = "Create the demo school with its places, people and every app's demo data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help="Add N of each large table (assets, rooms, notifications…) for benchmarks.",
        )
        parser.add_argument(
            "--if-new",
            action="store_true",
            help="Do nothing if the database already holds a school.",
        )

    def handle(self, *args, scale, if_new, **options):
        if if_new and School.objects.exists():
            self.stdout.write(
                "The database already holds a school; demo data not loaded."
            )
            return
        # Demo people have made-up addresses: build the school without mailing them.
        with email_muted(), transaction.atomic():
            school, _created = School.objects.get_or_create(
                code=DEMO_SCHOOL["code"], defaults=DEMO_SCHOOL
            )
            for _order, seeder in registry.seeders:
                seeder(school, scale=scale, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo school “{school.name}” ready. Accounts: admin, staff, worker, head, "
                "keeper, director, accountant, gate; password demo12345."
            )
        )
