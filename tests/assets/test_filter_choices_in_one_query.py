"""The list pages' filter drop-downs: the same options as Django gives, one query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from assets.filtersets import AssetFilterSet
from assets.views import LEDGER_FILTER_LABELS
from logistics.listing import load_choices
from logistics.models import SchoolClass
from logistics.roles import Role
from repairs.filtersets import RepairRequestFilterSet
from repairs.views import QUEUE_FILTER_LABELS
from tests.factories import BuildingFactory, DepartmentFactory, make_user

pytestmark = pytest.mark.django_db


def options(form):
    """What each select offers, as Django's own choice iterators give it."""
    return {
        name: [(str(value), str(label)) for value, label in field.choices]
        for name, field in form.fields.items()
        if hasattr(field, "queryset")
    }


@pytest.fixture
def school_things(school, other_school, location):
    for name in ("实验楼", "艺术楼"):
        BuildingFactory(school=school, campus=location.campus, name=name)
    BuildingFactory(school=other_school, name="外校楼")
    for name in ("教务处", "总务处"):
        DepartmentFactory(school=school, name=name)
    SchoolClass.objects.create(school=school, grade=7, number=10)
    SchoolClass.objects.create(school=school, grade=7, number=2)
    make_user(school, Role.STAFF, real_name="张老师")
    make_user(school, Role.STAFF, real_name="")
    make_user(school, Role.TECHNICIAN, real_name="王师傅")
    make_user(other_school, Role.TECHNICIAN, real_name="外校师傅")


@pytest.mark.parametrize(
    ("filterset_class", "labelled"),
    [
        (AssetFilterSet, LEDGER_FILTER_LABELS),
        (RepairRequestFilterSet, QUEUE_FILTER_LABELS),
    ],
)
def test_drop_downs_offer_what_django_would_in_one_query(
    school, people, school_things, filterset_class, labelled
):
    head = people["logistics_head"]
    expected = options(filterset_class(user=head).form)
    form = filterset_class(user=head).form
    with CaptureQueriesContext(connection) as queries:
        load_choices(form, labelled)
    assert len(queries) == 1
    got = options(form)
    assert set(labelled) <= set(got)
    for name in labelled:
        assert got[name] == expected[name], name
    assert got[next(iter(labelled))][0] == ("", "全部")
