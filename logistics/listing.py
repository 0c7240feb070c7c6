"""What keeps a list page's filter form cheap: its drop-downs read in one query
and rendered in Python.

A filter form with five model drop-downs (category, building, department, person,
class) costs five queries, each through ``ModelChoiceIterator``, which reads with
``QuerySet.iterator()``: on PostgreSQL a server-side cursor (DECLARE, FETCH, CLOSE)
per drop-down. ``load_choices`` reads all of them in one ``UNION ALL`` of small
tuples (which drop-down, key, position, the columns its label is made of) and
hands each field a plain list of choices.

Each drop-down keeps its own queryset (so the school scoping and any filter on it
hold) and its own order (a window's row number over the queryset's ordering). A
filter in use is still checked against the queryset when the form is validated.

Django renders a select through a template per option; on the ledger's filter
form (some 200 options) that was most of the page's time. ``QuickSelect`` joins
the same HTML in Python.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db.models import F, OrderBy, TextField, Value, Window
from django.db.models.functions import Cast, RowNumber
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


@dataclass(frozen=True)
class Labelled:
    """How a drop-down's option reads: made from ``fields`` by ``label(*values)``."""

    fields: tuple[str, ...]
    label: Callable[..., str]


def ordering_of(queryset):
    names = queryset.query.order_by or queryset.model._meta.ordering or ("pk",)
    order = []
    for name in names:
        if hasattr(name, "resolve_expression"):
            order.append(name)
        elif name.startswith("-"):
            order.append(OrderBy(F(name[1:]), descending=True))
        else:
            order.append(OrderBy(F(name)))
    return order


class QuickSelect(forms.Select):
    """A select whose options are joined in Python: the HTML Django's templates give
    (one option selected at most), at a fraction of the cost per option."""

    def render(self, name, value, attrs=None, renderer=None):
        if any(isinstance(label, (list, tuple)) for _value, label in self.choices):
            return super().render(name, value, attrs, renderer)  # option groups
        chosen = {str(v) for v in self.format_value(value)}
        options, found = [], False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not found and option_value in chosen
            found = found or selected
            options.append((option_value, " selected" if selected else "", label))
        return format_html(
            "<select{}>\n{}\n</select>",
            flatatt({"name": name, **self.build_attrs(self.attrs, attrs)}),
            format_html_join("\n", '  <option value="{}"{}>{}</option>', options),
        )


def quick_selects(form):
    """Renders the form's plain selects with ``QuickSelect``."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) in (forms.Select, QuickSelect) or (
            type(widget).__name__ == "Select"
        ):
            quick = QuickSelect(attrs=widget.attrs, choices=widget.choices)
            quick.is_required = widget.is_required
            field.widget = quick


def load_choices(form, labelled):
    """Give the form's model drop-downs named in ``labelled`` their choices, read in
    one query; returns {name: [(key, label), …]} (without the empty choice)."""
    names = [name for name in labelled if name in form.fields]
    if not names:
        return {}
    width = max(len(labelled[name].fields) for name in names)
    branches = []
    for index, name in enumerate(names):
        field = form.fields[name]
        texts = {
            f"_t{n}": Cast(column, output_field=TextField())
            for n, column in enumerate(labelled[name].fields)
        }
        texts.update(  # every branch as wide as the widest
            {
                f"_t{n}": Cast(Value(""), output_field=TextField())
                for n in range(len(texts), width)
            }
        )
        branches.append(
            field.queryset.annotate(
                _field=Value(index),
                _key=Cast(field.to_field_name or "pk", output_field=TextField()),
                _position=Window(RowNumber(), order_by=ordering_of(field.queryset)),
                **texts,
            )
            .order_by()
            .values_list("_field", "_key", "_position", *texts)
        )
    first, *others = branches
    rows = first.union(*others, all=True) if others else first
    found = {name: [] for name in names}
    for index, key, position, *texts in rows:
        found[names[index]].append((position, key, texts))
    choices = {}
    for name in names:
        field, label = form.fields[name], labelled[name].label
        used = len(labelled[name].fields)
        seen, options = set(), []
        for _position, key, texts in sorted(found[name], key=lambda row: row[0]):
            if key not in seen:  # a queryset with joins may list a row twice
                seen.add(key)
                options.append((key, label(*texts[:used])))
        choices[name] = options
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        # Django's own setter: django-filter's expects a choice iterator class
        # that takes the choices, which its model choice fields do not have.
        forms.ChoiceField.choices.fset(field, empty + options)
    quick_selects(form)
    return choices
