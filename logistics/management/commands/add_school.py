from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from logistics.models import Profile, School
from logistics.roles import Role


class Command(BaseCommand):
    help = (
        "Create a school (or find it by code) and make an existing user its administrator. "
        "Run once after createsuperuser on a new installation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--code", required=True, help="Short unique code, e.g. NSSY."
        )
        parser.add_argument(
            "--name", help="Full name; required when the school is new."
        )
        parser.add_argument(
            "--admin", required=True, help="User name of an existing account."
        )
        parser.add_argument(
            "--real-name", default="", help="The administrator's real name."
        )

    @transaction.atomic
    def handle(self, *args, code, name, admin, real_name, **options):
        school = School.objects.filter(code=code).first()
        if school is None:
            if not name:
                raise CommandError("The school is new: give its --name.")
            school = School.objects.create(code=code, name=name)
        user = get_user_model().objects.filter(username=admin).first()
        if user is None:
            raise CommandError(
                f"No user named {admin}; create it with createsuperuser first."
            )
        profile = Profile.objects.filter(user=user).first()
        if profile and profile.school_id != school.pk:
            raise CommandError(f"{admin} already belongs to {profile.school}.")
        if profile is None:
            Profile.objects.create(
                user=user, school=school, real_name=real_name or admin
            )
        user.groups.add(Group.objects.get_or_create(name=Role.ADMINISTRATOR.value)[0])
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        self.stdout.write(
            self.style.SUCCESS(f"{admin} administers {school.name} ({school.code}).")
        )
