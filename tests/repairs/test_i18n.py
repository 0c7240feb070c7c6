from pathlib import Path

from django.urls import reverse

import polib
import pytest

import repairs

PO = Path(repairs.__file__).parent / "locale/zh_Hans/LC_MESSAGES/django.po"


def test_chinese_catalogue_is_complete():
    po = polib.pofile(str(PO))
    assert not po.fuzzy_entries()
    assert not po.untranslated_entries()
    assert PO.with_suffix(".mo").exists()


@pytest.mark.django_db
def test_pages_are_chinese_by_default(client_for, people):
    content = client_for(people["staff"]).get(reverse("repairs:new")).content.decode()
    assert "我要报修" in content and "提交报修" in content
    # Words other apps translate differently keep their repairs meaning.
    assert ">地点" in content and ">类别" in content
