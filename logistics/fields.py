"""Free text as people type it: a limit that fits its use, and no control characters.

Models declare their text with these fields; a ModelForm takes the limit from
them, and a plain form asks ``form_field(Model, "name")`` for the same field, so
each limit is written once and holds in the model, every form and the admin.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext as _

# How long free text may be, by its use.
NOTE_LENGTH = 500  # a short note
COMMENT_LENGTH = 1000  # a comment, feedback
TEXT_LENGTH = 2000  # a description, a reason, what was done

# C0 and C1 control characters except tab, newline and carriage return (browsers
# send a textarea's line ends as CR LF), and the Unicode bidirectional overrides
# and isolates, which make text read differently from how it is stored.
CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def no_control_characters(value):
    """Refuse text holding an invisible control character (a NUL byte, a
    right-to-left override…), saying which and where."""
    if not isinstance(value, str):
        return
    found = CONTROL_CHARACTERS.search(value)
    if found:
        raise ValidationError(
            _(
                "The text holds an invisible control character (U+%(code)s) at "
                "position %(position)s, probably copied in by accident: remove it."
            )
            % {"code": f"{ord(found.group()):04X}", "position": found.start() + 1},
            code="control_character",
        )


class _PlainTextMixin:
    default_validators = [no_control_characters]

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        if field is not None and no_control_characters not in field.validators:
            field.validators.append(no_control_characters)
        return field

    def deconstruct(self):
        # Stored exactly as Django's own field: migrations need not know this one.
        name, path, args, kwargs = super().deconstruct()
        return name, f"django.db.models.{self.__class__.__name__}", args, kwargs


class CharField(_PlainTextMixin, models.CharField):
    """One line of text, at most ``max_length`` characters, no control characters."""


class TextField(_PlainTextMixin, models.TextField):
    """Text of several lines with a limit enforced in the model and every form
    (Django's TextField only hints ``max_length`` to the form's widget)."""

    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))


def form_field(model, name, **kwargs):
    """The form field for ``model``'s field ``name``, with its limits: what a plain
    form (not a ModelForm) uses for a value that ends up in that field."""
    return model._meta.get_field(name).formfield(**kwargs)
