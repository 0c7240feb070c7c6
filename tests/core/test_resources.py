from django.test import override_settings

import pytest
import tablib

from logistics.models import Location
from logistics.resources import LocationResource

from ..factories import BuildingFactory, CampusFactory

pytestmark = pytest.mark.django_db

HEADERS = ["code", "name", "kind", "floor", "campus code", "building code", "is_active"]


@pytest.fixture
def places(school, other_school):
    campus = CampusFactory(school=school, code="MAIN")
    BuildingFactory(school=school, campus=campus, code="A")
    other = CampusFactory(school=other_school, code="MAIN")
    BuildingFactory(school=other_school, campus=other, code="A")
    return campus


def _dataset(*rows):
    return tablib.Dataset(*rows, headers=HEADERS)


def test_valid_file_imports_into_the_users_school_only(school, places):
    result = LocationResource(school=school).import_data(
        _dataset(["A101", "一班教室", "classroom", "1", "MAIN", "A", "1"])
    )
    assert not result.has_errors() and not result.has_validation_errors()
    location = Location.objects.get(code="A101")
    assert location.school == school and location.building.school == school


def test_reimporting_the_same_file_changes_nothing(school, places):
    data = _dataset(["A101", "一班教室", "classroom", "1", "MAIN", "A", "1"])
    LocationResource(school=school).import_data(data)
    result = LocationResource(school=school).import_data(data)
    assert [row.import_type for row in result.rows] == ["skip"]
    assert Location.objects.count() == 1


def test_one_bad_row_commits_no_row(school, places):
    result = LocationResource(school=school).import_data(
        _dataset(
            ["A101", "一班教室", "classroom", "1", "MAIN", "A", "1"],
            ["A102", "二班教室", "classroom", "1", "MAIN", "NOPE", "1"],
        )
    )
    assert result.has_errors() or result.has_validation_errors()
    assert Location.objects.count() == 0


def test_import_is_capped(school, places):
    rows = [[f"R{n}", "室", "office", "1", "MAIN", "A", "1"] for n in range(6)]
    with override_settings(LOGISTICS={"IMPORT_MAX_ROWS": 5}):
        result = LocationResource(school=school).import_data(_dataset(*rows))
    assert result.has_errors()
    assert "最多可导入 5 行" in str(result.base_errors[0].error)
    assert Location.objects.count() == 0


def test_export_keeps_the_text_and_leaves_formulas_to_the_format(school, places):
    # The .xlsx format quote-prefixes it, CSV adds an apostrophe
    # (tests/core/test_admin_export_formats.py).
    LocationResource(school=school).import_data(
        _dataset(["A101", "=cmd|'/c calc'!A1", "classroom", "1", "MAIN", "A", "1"])
    )
    exported = LocationResource(school=school).export()
    assert exported.dict[0]["name"] == "=cmd|'/c calc'!A1"


def test_export_holds_only_the_schools_rows(school, other_school, places):
    LocationResource(school=school).import_data(
        _dataset(["A101", "本校", "classroom", "1", "MAIN", "A", "1"])
    )
    LocationResource(school=other_school).import_data(
        _dataset(["A101", "外校", "classroom", "1", "MAIN", "A", "1"])
    )
    names = [row["name"] for row in LocationResource(school=school).export().dict]
    assert names == ["本校"]
