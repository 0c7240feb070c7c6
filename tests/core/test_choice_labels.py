"""``get_<field>_display()`` on every school model: Django's answer, each label
translated once per language (logistics/choices.py)."""

from unittest import mock

from django.apps import apps
from django.db import models
from django.utils import translation

import pytest

from logistics import choices
from logistics.scoping import SchoolScopedModel
from repairs.choices import RepairStatus
from repairs.models import RepairRequest

UNKNOWN = "not-a-choice"


def fields_with_choices():
    for model in apps.get_models():
        if issubclass(model, SchoolScopedModel):
            for field in model._meta.concrete_fields:
                if field.choices:
                    yield model, field


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_choice_label_is_djangos_in_both_languages(language):
    choices._labels.clear()
    checked = 0
    with translation.override(language):
        for model, field in fields_with_choices():
            instance = model()
            values = [value for value, _label in field.flatchoices]
            if isinstance(field, models.CharField):
                values.append(UNKNOWN)
            for value in [*values, None]:
                setattr(instance, field.attname, value)
                ours = getattr(instance, f"get_{field.name}_display")()
                djangos = models.Model._get_FIELD_display(instance, field)
                assert ours == djangos, (model, field.name, value)
                assert type(ours) is type(djangos)
                checked += 1
    assert checked > 100


def test_a_label_follows_the_language_it_is_read_in():
    repair = RepairRequest(status=RepairStatus.SUBMITTED)
    with translation.override("en"):
        assert repair.get_status_display() == "Submitted"
    with translation.override("zh-hans"):
        chinese = repair.get_status_display()
    with translation.override("en"):
        assert repair.get_status_display() == "Submitted"
    assert chinese != "Submitted" and chinese


def test_a_page_of_fifty_rows_translates_each_status_once():
    # Django's own _get_FIELD_display translates every choice on every call
    # (hashing a lazy label translates it): 50 rows x 8 statuses.
    choices._labels.clear()
    rows = [RepairRequest(status=status) for status in RepairStatus] * 7
    rows = rows[:50]
    trans = translation._trans
    with translation.override("zh-hans"):
        translation.gettext("warm")  # the first call binds trans.gettext
        with mock.patch.object(trans, "gettext", wraps=trans.gettext) as gettext:
            shown = [row.get_status_display() for row in rows]
    assert len(set(shown)) == len(RepairStatus)
    assert gettext.call_count <= len(RepairStatus)


def test_choices_given_as_a_callable_are_asked_each_time():
    offered = [("a", "first")]
    field = models.CharField(choices=lambda: offered)
    field.set_attributes_from_name("status")
    repair = RepairRequest(status="a")
    assert repair._get_FIELD_display(field) == "first"
    offered[:] = [("a", "renamed")]
    assert repair._get_FIELD_display(field) == "renamed"
