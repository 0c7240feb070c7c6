"""The categories' data migration: codes on existing requests become the school's rows."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("repairs", "0001_initial")]
AFTER = [("repairs", "0003_repairrequest_category_fk")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_request_categories_move_from_codes_to_each_schools_rows():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("repairs")
    apps = migrate(BEFORE)
    try:
        School = apps.get_model("logistics", "School")
        Campus = apps.get_model("logistics", "Campus")
        Location = apps.get_model("logistics", "Location")
        User = apps.get_model("auth", "User")
        Request = apps.get_model("repairs", "RepairRequest")
        person = User.objects.create(username="m_requester")
        made = {}
        for code, category in [("M1", "water"), ("M2", "heating"), ("M2", "water")]:
            school, _ = School.objects.get_or_create(code=code, name=f"学校{code}")
            campus, _ = Campus.objects.get_or_create(
                school=school, code="C", name="本部"
            )
            place, _ = Location.objects.get_or_create(
                school=school, campus=campus, code="R1", name="101"
            )
            made[(code, category)] = Request.objects.create(
                school=school,
                requester=person,
                location=place,
                category=category,
                description="x",
                created_at=timezone.now(),
            ).pk

        apps = migrate(AFTER)
        Request = apps.get_model("repairs", "RepairRequest")
        Category = apps.get_model("repairs", "RepairCategory")
        for code in ("M1", "M2"):
            names = list(
                Category.objects.filter(school__code=code)
                .order_by("order")
                .values_list("name_zh", flat=True)
            )
            assert names == [
                "水路",
                "电路",
                "门窗",
                "桌椅",
                "照明",
                "网络与多媒体",
                "墙面地面",
                "供暖",
                "其他",
            ]
        for (school_code, category), pk in made.items():
            repair = Request.objects.select_related("category", "school").get(pk=pk)
            assert repair.category.code == category
            assert repair.school.code == school_code
            assert repair.category.school_id == repair.school_id

        # And back: the codes return to the text column.
        apps = migrate(BEFORE)
        Request = apps.get_model("repairs", "RepairRequest")
        assert {Request.objects.get(pk=pk).category for pk in made.values()} == {
            "water",
            "heating",
        }
    finally:
        migrate(latest)
