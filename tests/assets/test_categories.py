"""The category tree: seeded from GB/T 14885 for every school, schools add levels."""

import pytest

from assets.models import Category
from assets.services import category_save

from .factories import AssetFactory, category

pytestmark = pytest.mark.django_db


def test_a_new_school_gets_the_62_top_level_codes(school):
    nodes = Category.objects.for_school(school)
    assert nodes.count() == 62
    computers = nodes.get(code="2010000")
    assert computers.name == "计算机设备及软件"
    assert computers.parent.code == "2"
    assert (computers.scheme, computers.scheme_version) == ("GB/T 14885", "2010")
    assert computers.depreciation_years == 6


def test_every_depreciating_second_level_has_years(school):
    missing = Category.objects.for_school(school).filter(
        level=2, depreciates=True, depreciation_years__isnull=True
    )
    assert list(missing) == []


@pytest.mark.parametrize(
    "code", ["1010000", "4010000", "4020000", "5010000", "6030000", "6040000"]
)
def test_land_relics_books_animals_and_plants_do_not_depreciate(school, code):
    assert not category(school, code).depreciates


def test_each_school_has_its_own_tree(school, other_school):
    assert category(school).pk != category(other_school).pk


def test_a_deeper_level_inherits_years_and_changing_them_updates_assets(school, people):
    parent = category(school, "2010000")
    laptops = category_save(
        category=Category(
            school=school, parent=parent, code="2010105", name="便携式计算机"
        ),
        by=people["logistics_head"],
    )
    assert laptops.level == 3 and laptops.effective_years() == 6
    asset = AssetFactory(school=school, category=laptops)
    assert asset.depreciation_months == 72
    laptops.depreciation_years = 4
    category_save(category=laptops, by=people["logistics_head"])
    asset.refresh_from_db()
    assert asset.depreciation_months == 48


def test_a_branch_ends_even_where_the_tree_loops():
    from assets.filtersets import descendants

    # 1 → 2 → 3 → 1 (a loop saved through the admin) and 3 → 4.
    tree = [(1, 3), (2, 1), (3, 2), (4, 3)]
    assert sorted(descendants(1, None, tree)) == [1, 2, 3, 4]
    assert sorted(descendants(4, None, tree)) == [4]
