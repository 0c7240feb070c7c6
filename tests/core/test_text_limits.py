"""Free text has a limit that fits its use and refuses invisible control characters."""

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

import pytest

from logistics.fields import form_field, no_control_characters
from logistics.models import TransitionLog

APPS = ("logistics", "repairs", "assets")


def free_text_fields():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if hasattr(model, "instance_type"):
                continue  # a history model: copies, written by no person
            for field in model._meta.concrete_fields:
                if isinstance(field, (models.CharField, models.TextField)):
                    yield model, field


def test_every_free_text_field_has_a_limit_of_at_most_4000_characters():
    unlimited = [
        f"{model.__name__}.{field.name}"
        for model, field in free_text_fields()
        if not field.max_length or field.max_length > 4000
    ]
    assert not unlimited


def test_every_text_field_enforces_its_limit_in_the_model():
    for _model, field in free_text_fields():
        if isinstance(field, models.TextField):
            with pytest.raises(ValidationError):
                field.run_validators("x" * (field.max_length + 1))


@pytest.mark.parametrize("text", ["\x00", "a\x01b", "\x7f", "\u202e反转", "\x85"])
def test_control_characters_are_refused_with_where_they_are(text):
    with pytest.raises(ValidationError) as caught:
        no_control_characters(text)
    assert caught.value.code == "control_character"
    assert "U+" in caught.value.messages[0]


@pytest.mark.parametrize("text", ["第一行\r\n第二行", "甲\t乙", "😀 <b>", "\u200f"])
def test_line_ends_tabs_emoji_and_marks_pass(text):
    no_control_characters(text)


def test_a_plain_form_takes_the_models_limit_and_check():
    field = form_field(TransitionLog, "comment", widget=forms.Textarea)
    assert field.max_length == TransitionLog._meta.get_field("comment").max_length
    assert 'maxlength="2000"' in field.widget.render("comment", "")
    with pytest.raises(ValidationError):
        field.clean("x" * 2001)
    with pytest.raises(ValidationError):
        field.clean("原因\x1b")


def test_migrations_store_the_plain_django_fields():
    field = TransitionLog._meta.get_field("comment")
    _name, path, _args, kwargs = field.deconstruct()
    assert path == "django.db.models.TextField" and kwargs["max_length"] == 2000
