from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
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


class SchoolRulesForm(StyledFormMixin, forms.Form):
    """The school's rules (logistics/rules.py): a field for each, a field for each
    line of a mapping, filled with the school's values; checked by each rule."""

    def __init__(self, *args, school, **kwargs):
        from .rules import rule_groups, rule_value

        self.school = school
        self.rule_fields = {}  # rule key -> [field names]
        self.rules = {}
        fields = {}
        for _app, rules in rule_groups():
            for rule in rules:
                self.rules[rule.key] = rule
                made = _rule_fields(rule, rule_value(school, rule.key))
                self.rule_fields[rule.key] = list(made)
                fields.update(made)
        self.base_fields = fields  # the declared rules are this form's fields
        super().__init__(*args, **kwargs)

    def groups(self):
        """(app's name, [(rule, [bound fields], help)]) in the page's order."""
        from .rules import rule_groups

        return [
            (
                app,
                [
                    (
                        rule,
                        [self[name] for name in self.rule_fields[rule.key]],
                        rule_help(rule),
                    )
                    for rule in rules
                ],
            )
            for app, rules in rule_groups()
        ]

    def _value(self, rule, data):
        from .rules import BYTES, MAPPING, MB

        names = self.rule_fields[rule.key]
        if rule.type == MAPPING:
            return {
                str(choice): data.get(name)
                for (choice, _label), name in zip(rule.choices, names, strict=True)
            }
        value = data.get(names[0])
        if rule.type == BYTES and value is not None:
            return int(value * MB)
        return value

    def clean(self):
        data = super().clean()
        for key, rule in self.rules.items():
            names = self.rule_fields[key]
            if any(name in self.errors for name in names):
                continue
            try:
                rule.clean(self._value(rule, data), school=self.school)
            except ValidationError as error:
                self.add_error(names[0], error)
        return data

    def changed_rules(self):
        """key → value of the rules whose fields the user changed."""
        changed = set(self.changed_data)
        return {
            key: self._value(rule, self.cleaned_data)
            for key, rule in self.rules.items()
            if changed & set(self.rule_fields[key])
        }

    def add_rule_errors(self, error):
        """Put a service's refusal (key → messages) on the rules' fields."""
        for key, messages in error.message_dict.items():
            names = self.rule_fields.get(key)
            self.add_error(names[0] if names else None, messages)


def rule_help(rule):
    """A rule's help with the installation's default, which a school starts from."""
    return _("%(help)s Installation default: %(default)s.") % {
        "help": rule.help_text,
        "default": rule.display(rule.installation_default()),
    }


def _rule_fields(rule, value):
    """field name → form field for one rule, its current value as the initial one."""
    from decimal import Decimal

    from . import rules as r

    help_text = rule_help(rule)
    name = f"{rule.app}__{rule.name}"
    common = {"label": rule.label, "help_text": help_text, "initial": value}
    bounds = {"min_value": rule.min_value, "max_value": rule.max_value}
    if rule.type == r.MAPPING:
        return {
            f"{name}__{choice}": forms.IntegerField(
                label=_("%(line)s (%(unit)s)") % {"line": label, "unit": rule.unit}
                if rule.unit
                else label,
                initial=value.get(str(choice)),
                **bounds,
            )
            for choice, label in rule.choices
        }
    if rule.type == r.INT:
        field = forms.IntegerField(**common, **bounds)
    elif rule.type == r.DECIMAL:
        field = forms.DecimalField(max_digits=14, decimal_places=2, **common, **bounds)
    elif rule.type == r.BYTES:
        common["initial"] = round(Decimal(value) / r.MB, 1)
        field = forms.DecimalField(
            max_digits=6,
            decimal_places=1,
            min_value=round(Decimal(rule.min_value) / r.MB, 1),
            max_value=round(Decimal(rule.max_value) / r.MB, 1),
            **common,
        )
    elif rule.type == r.CHOICE:
        field = forms.ChoiceField(choices=rule.choices, **common)
    else:
        field = forms.CharField(max_length=rule.max_length, **common)
    if rule.unit and rule.type != r.BYTES:
        field.label = _("%(line)s (%(unit)s)") % {"line": rule.label, "unit": rule.unit}
    if rule.type == r.BYTES:
        field.label = _("%(line)s (%(unit)s)") % {"line": rule.label, "unit": "MB"}
    return {name: field}
