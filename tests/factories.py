"""factory_boy factories for the shared core; apps add theirs beside their tests."""

from django.contrib.auth.models import Group, User

import factory

from logistics.choices import LocationKind
from logistics.models import Building, Campus, Department, Location, Profile, School
from logistics.roles import Role


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"S{n:03d}")
    name = factory.Sequence(lambda n: f"第{n}实验学校")


class CampusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campus

    school = factory.SubFactory(SchoolFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    name = factory.Sequence(lambda n: f"校区{n}")


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    campus = factory.SubFactory(CampusFactory)
    school = factory.SelfAttribute("campus.school")
    code = factory.Sequence(lambda n: f"B{n}")
    name = factory.Sequence(lambda n: f"{n}号楼")
    floors = 4


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    building = factory.SubFactory(BuildingFactory)
    campus = factory.SelfAttribute("building.campus")
    school = factory.SelfAttribute("building.school")
    code = factory.Sequence(lambda n: f"R{n:04d}")
    name = factory.Sequence(lambda n: f"{n}室")
    kind = LocationKind.CLASSROOM
    floor = 1


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"处室{n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a profile in ``school`` and the given ``roles``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    password = factory.django.Password("pw-test-12345")

    @factory.post_generation
    def profile(obj, create, extracted, **kwargs):
        if create:
            Profile.objects.create(
                user=obj,
                school=kwargs.get("school") or SchoolFactory(),
                real_name=kwargs.get("real_name") or obj.username,
            )

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.add(
                *(Group.objects.get_or_create(name=Role(r).value)[0] for r in extracted)
            )


def make_user(school, *roles, username=None, real_name=None, **kwargs):
    """A user of ``school`` holding ``roles``: the tests' usual way to get a person."""
    params = {"profile__school": school, "roles": list(roles), **kwargs}
    if username:
        params["username"] = username
    if real_name:
        params["profile__real_name"] = real_name
    return UserFactory(**params)


def image_file(name="photo.png", colour="red"):
    """A small real PNG, as a file a model's ImageField can store."""
    import io

    from django.core.files.base import ContentFile

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 6), colour).save(out, format="PNG")
    return ContentFile(out.getvalue(), name=name)
