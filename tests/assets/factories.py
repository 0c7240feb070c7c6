"""Factories for the asset ledger; categories come from the seeded GB/T tree."""

import datetime
from decimal import Decimal

import factory

from assets import depreciation
from assets.models import Asset, Category
from tests.factories import SchoolFactory


def category(school, code="2010000"):
    """A seeded GB/T 14885 category of ``school`` (computers by default)."""
    return Category.objects.get(school=school, code=code)


class AssetFactory(factory.django.DjangoModelFactory):
    """An asset card with its depreciation schedule filled in, as the services do."""

    class Meta:
        model = Asset

    school = factory.SubFactory(SchoolFactory)
    number = factory.Sequence(lambda n: f"ZC-{n:06d}")
    name = "台式计算机"
    category = factory.LazyAttribute(lambda o: category(o.school))
    quantity = 1
    unit = "台"
    unit_price = Decimal("7200.00")
    original_value = factory.LazyAttribute(lambda o: o.unit_price * o.quantity)
    acquired_on = datetime.date(2024, 1, 15)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        asset = model_class(*args, **kwargs)
        depreciation.apply_schedule(asset)
        asset.save()
        return asset
