"""The ledger's search box finds an asset by any of the words on its label."""

from django.urls import reverse

import pytest

from .factories import AssetFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("words", ["M920", "thinkcentre", "SN-55", "联想台式"])
def test_search_finds_by_model_serial_number_or_name(client_for, head, school, words):
    wanted = AssetFactory(
        school=school,
        name="联想台式机",
        specification="ThinkCentre M920t",
        serial_number="SN-5501",
    )
    AssetFactory(school=school, name="投影仪", specification="EB-X51")
    response = client_for(head).get(reverse("assets:list"), {"q": words})
    assert [a.number for a in response.context["page_obj"].object_list] == [
        wanted.number
    ]
