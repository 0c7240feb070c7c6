from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class FormRenderer(TemplatesSetting):
    """Renders every form with labels above fields, help text and errors beside them."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"


class StyledFormMixin:
    """Adds Bootstrap classes to widgets so forms look right on a phone and a PC."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput,)):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{existing} {css}".strip()
            name_empty_choice(field)


EMPTY_DASHES = "---------"


def name_empty_choice(field):
    """Say what a select's empty choice means instead of Django's "---------":
    "choose…" on a required field, "(none)" on an optional one. Forms that set a
    field's choices after ``__init__`` call this again for that field."""
    relabel_empty_choice(field, _("Choose…") if field.required else _("(none)"))


def relabel_empty_choice(field, label):
    """Put ``label`` on a select's "---------" choice, if it has one."""
    if getattr(field, "empty_label", None) is not None:
        # Model choices and django-filter's choices add their own empty choice;
        # None: a required or a multiple choice, which has none.
        field.empty_label = label
        field.widget.choices = field.choices  # the widget holds its own copy
    elif isinstance(field, forms.ChoiceField) and not isinstance(
        field, (forms.ModelChoiceField, forms.MultipleChoiceField)
    ):
        field.choices = [
            (value, label if (value, text) == ("", EMPTY_DASHES) else text)
            for value, text in field.choices
        ]


class LoginForm(StyledFormMixin, AuthenticationForm):
    def clean_username(self):
        # AuthenticationForm sets the field's max_length only after making it,
        # so nothing checks it.
        username = self.cleaned_data["username"]
        MaxLengthValidator(self.fields["username"].max_length)(username)
        return username

    def clean(self):
        # A user name that cannot be one (too long, a NUL byte) is refused as it
        # stands, not tried: the failed-login log (django-axes) would store it
        # whole, and PostgreSQL refuses a name longer than the log's column.
        if self.has_error("username"):
            return self.cleaned_data
        return super().clean()


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass
