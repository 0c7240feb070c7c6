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

A drop-down's value in use is checked against the options just read, not with
another query (``ModelChoiceField`` reads the chosen row again): what the form
cleans is the chosen row with its key alone loaded, the rest read on first use.
The columns read for its label stay on the field as ``field.loaded`` ({key:
texts}, the columns named by ``field.loaded_fields``), for a filter that needs
more than the key (the ledger's category filter takes the whole branch below the
chosen category from them).
"""

import hashlib
import logging
import re
import secrets
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import BigIntegerField, F, OrderBy, TextField, Value, Window
from django.db.models.functions import Cast, RowNumber
from django.db.models.signals import post_delete, post_save
from django.forms.utils import flatatt
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .scoping import SchoolQuerySet


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


def load_choices(form, labelled, *, version=None):
    """Give the form's model drop-downs named in ``labelled`` their choices, read in
    one query; returns {name: [(key, label), …]} (without the empty choice).

    ``version=(kind, school_id)`` reads the list's token (``cached_figures``) in
    the same query, as ``form.list_version`` (None when there is none yet)."""
    names = [name for name in labelled if name in form.fields]
    if not names:
        if version is not None:
            form.list_version = read_version(*version)
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
    if version is not None:
        branches.append(
            version_query(*version)
            .annotate(
                _field=Value(VERSION_BRANCH),
                _key=Cast("token", output_field=TextField()),
                _position=Cast(Value(0), output_field=BigIntegerField()),
                **{
                    f"_t{n}": Cast(Value(""), output_field=TextField())
                    for n in range(width)
                },
            )
            .order_by()
            .values_list("_field", "_key", "_position", *texts)
        )
        form.list_version = None
    first, *others = branches
    rows = first.union(*others, all=True) if others else first
    found = {name: [] for name in names}
    for index, key, position, *texts in rows:
        if index == VERSION_BRANCH:
            form.list_version = int(key)
            continue
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
        field.loaded = {key: texts[:used] for _position, key, texts in found[name]}
        field.loaded_fields = labelled[name].fields
        field.to_python = partial(chosen_from_loaded, field, type(field).to_python)
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        # Django's own setter: django-filter's expects a choice iterator class
        # that takes the choices, which its model choice fields do not have.
        forms.ChoiceField.choices.fset(field, empty + options)
    quick_selects(form)
    return choices


def chosen_from_loaded(field, to_python, value):
    """``ModelChoiceField.to_python`` for a drop-down whose options were loaded: a
    value that is one of their primary keys is valid without a query and becomes
    the row with its key loaded; any other value, or a drop-down keyed by another
    column (a code), is left to Django (a query, and the usual error).

    The row's other columns are read when first asked for, one query each: a
    filter that needs one reads it from ``field.loaded`` (its columns named by
    ``field.loaded_fields``), not from the row."""
    model = field.queryset.model
    by_pk = field.to_field_name in (None, model._meta.pk.name)
    if by_pk and isinstance(value, str) and value in field.loaded:
        pk = model._meta.pk
        return model.from_db(field.queryset.db, [pk.attname], [pk.to_python(value)])
    return to_python(field, value)


# ---------------------------------------------------------------------------
# Totals that do not rescan the list on every request.
#
# A list's totals (the ledger's count, original value, depreciation and net value
# of all the filters select) are an aggregate over every row: at 100,000 assets
# most of the page's time. They change only when a row changes, so they are
# cached under a token that every write to the rows replaces (``ListVersion``,
# one per school and kind of list), in the same transaction as the write:
#
# - a row's ``save()`` and ``delete()`` through the model's signals,
# - ``update()``, ``delete()``, ``bulk_create()`` and ``bulk_update()`` through
#   ``ChangeCountedQuerySet`` (what imports, disposals and bulk moves use).
#
# The token is read before the totals are computed, so a change that commits in
# between is at worst cached under the old token, which nobody asks for again. A
# list whose filters reach into another table (a building's rooms, a room's code)
# is not cached: a change there would not replace the token. The cache is
# Django's (each server process its own unless a shared cache is configured);
# the token lives in the database, so every process sees a change at once.

VERSION_BRANCH = -1


def bump(kind, school_ids):
    """A new token for the ``kind`` list of each school (in the caller's transaction)."""
    from .models import ListVersion

    rows = [
        ListVersion(school_id=school_id, kind=kind, token=secrets.randbits(62) + 1)
        for school_id in sorted({s for s in school_ids if s is not None})
    ]
    if rows:
        ListVersion.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["school", "kind"],
            update_fields=["token"],
        )


def version_query(kind, school_id):
    from .models import ListVersion

    return ListVersion.objects.filter(school_id=school_id, kind=kind)


def read_version(kind, school_id):
    return version_query(kind, school_id).values_list("token", flat=True).first()


class ChangeCountedQuerySet(SchoolQuerySet):
    """A school-scoped queryset whose bulk writes replace the list's token
    (``changes_counted`` sets ``list_kind`` and the per-row signals)."""

    list_kind = None

    def _schools(self):
        return list(self.order_by().values_list("school_id", flat=True).distinct())

    def update(self, **kwargs):
        schools = self._schools()
        moved_to = kwargs.get("school_id", kwargs.get("school"))  # rows moved away
        done = super().update(**kwargs)
        if done:
            bump(self.list_kind, [*schools, getattr(moved_to, "pk", moved_to)])
        return done

    update.alters_data = True

    def delete(self):
        schools = self._schools()
        done = super().delete()
        if done[0]:
            bump(self.list_kind, schools)
        return done

    delete.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = super().bulk_create(objs, *args, **kwargs)
        bump(self.list_kind, [obj.school_id for obj in objs])
        return objs

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        done = super().bulk_update(objs, fields, *args, **kwargs)
        bump(self.list_kind, [obj.school_id for obj in objs])
        return done


# The tables each kind's token answers for: every write to them replaces it.
COUNTED_TABLES = {}


def also_counted(kind, *tables):
    """Declare that every write to ``tables`` replaces the ``kind`` token (their
    writers call ``bump``, or ``changes_counted`` connected them)."""
    COUNTED_TABLES.setdefault(kind, set()).update(tables)


def changes_counted(kind):
    """Class decorator for a model whose default manager is a
    ``ChangeCountedQuerySet``: its writes replace the ``kind`` list's token."""

    def counted(model):
        queryset = model._default_manager._queryset_class
        if not issubclass(queryset, ChangeCountedQuerySet):
            raise TypeError(f"{model.__name__}'s queryset must count its changes")
        if queryset.list_kind not in (None, kind):
            raise TypeError(f"{model.__name__}'s queryset counts {queryset.list_kind}")
        queryset.list_kind = kind
        also_counted(kind, model._meta.db_table)

        def changed(sender, instance, **kwargs):
            bump(kind, [instance.school_id])

        post_save.connect(changed, sender=model, weak=False)
        post_delete.connect(changed, sender=model, weak=False)
        return model

    return counted


REFERENCE = "reference"


class ReferenceQuerySet(ChangeCountedQuerySet):
    """The school's own data that lists show beside their rows (places,
    departments, classes, people, categories, rules): their writes replace the
    school's ``reference`` token."""

    list_kind = REFERENCE


TABLES = re.compile(r'(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)


def filters_sql(queryset):
    """The SQL of the queryset's rows without the related rows it selects along
    (what its filters read) and its parameters; raises EmptyResultSet for a
    queryset that selects nothing."""
    # values("pk"): the columns it computes (a book value is a large expression)
    # are left out unless a filter reads them, so only the filters are compiled.
    return queryset.order_by().select_related(None).values("pk").query.sql_with_params()


def own_rows_only(queryset, sql=None, also=()):
    """Whether the queryset's filters read its own table alone (or tables in
    ``also``, whose every write replaces the same token)."""
    sql = sql if sql is not None else filters_sql(queryset)[0]
    own = queryset.model._meta.db_table
    tables = set(TABLES.findall(sql))
    return own in tables and tables <= {own, *also}


UNREAD = object()


def cached_figures(
    queryset, compute, *, kind, school_id, token=UNREAD, timeout=3600, also=()
):
    """``compute()`` (figures about the rows of ``queryset``: picklable), from the
    cache when no row of the school's ``kind`` list has changed since. ``also``:
    other tables the figures read whose writers replace the token too."""
    try:
        sql, params = filters_sql(queryset)  # one compilation: the check and the key
    except EmptyResultSet:  # a filter that selects nothing (e.g. a form error)
        return compute()
    if school_id is None or not own_rows_only(queryset, sql, also):
        return compute()
    if token is UNREAD:
        token = read_version(kind, school_id)
    if token is None:  # no row written since the token was introduced
        bump(kind, [school_id])
        return compute()
    digest = hashlib.sha256(
        repr((sql, params, timezone.localdate().isoformat())).encode()
    ).hexdigest()
    key = f"list-figures:{kind}:{school_id}:{token}:{digest}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout)
    return found


# ---------------------------------------------------------------------------
# A list page's content, cached until what it shows changes.
#
# The ledger's filters, totals and rows are the same for the same person, query
# string, language and day until a row they are made of changes: rendering them
# again (the view, the filter form, fifty rows) is most of the page's time.
# ``CachedContentMixin`` keeps the rendered content (the page's
# ``{% list_content %}`` block) under a key made of the school's tokens of the
# view's ``content_kinds`` (read in one query), the person and the permissions
# they hold, the language, the day and the query string. On a hit the view does
# nothing else: the layout around the content (menu, bell, messages) is rendered
# as on any page.
#
# The key can only answer for tables whose every write replaces one of its
# tokens (``COUNTED_TABLES``). So on a miss the queries the view runs are read,
# and content that read any other table is served but not kept: a list that
# starts showing a column from a new table stops being cached (its test says so)
# rather than showing it stale. Content with a form token or a script nonce in
# it (made for one request) is not kept either.

CONTENT_TIMEOUT = 3600
# Made for one request: a form's CSRF token, a script's CSP nonce.
ONE_REQUEST_ONLY = re.compile(r'csrfmiddlewaretoken|nonce="')

# Read on a miss, yet no cause to keep nothing: the tokens themselves, and the
# content types (fixed by the code, read once per process). The permissions the
# key holds are the viewer's, read before the view: a list that reads anyone
# else's (who may be picked as a technician) is not cached.
KEYED_TABLES = {"logistics_listversion", "django_content_type"}

logger = logging.getLogger(__name__)


def read_versions(kinds, school_id):
    """{kind: token} of the school's ``kinds``, in one query (None where unset)."""
    from .models import ListVersion

    found = dict(
        ListVersion.objects.filter(school_id=school_id, kind__in=kinds).values_list(
            "kind", "token"
        )
    )
    return {kind: found.get(kind) for kind in kinds}


@contextmanager
def tables_read(using=DEFAULT_DB_ALIAS):
    """The set of tables the queries run in the block read (filled as they run)."""
    tables = set()

    def reading(execute, sql, params, many, context):
        tables.update(TABLES.findall(sql))
        return execute(sql, params, many, context)

    with connections[using].execute_wrapper(reading):
        yield tables


class CachedContentMixin:
    """For a list view whose template puts its content in ``{% list_content %}``:
    that content from the cache while none of the ``content_kinds`` tokens of the
    school has changed (see above).

    A hit renders the view's ``template_name`` with ``view`` and the content
    alone: what the template shows outside ``{% list_content %}`` must not need
    the view's context (a test reading ``response.context["totals"]`` reads it
    from a miss)."""

    content_kinds = ()

    def content_key(self):
        request = self.request
        school_id = getattr(request, "school_id", None)
        user = request.user
        if (
            school_id is None
            or not user.is_authenticated
            or request.method != "GET"
            or not settings.LOGISTICS["LIST_CONTENT_CACHE"]
        ):
            return None
        tokens = read_versions(self.content_kinds, school_id)
        unset = [kind for kind, token in tokens.items() if token is None]
        if unset:  # nothing written since the tokens were introduced
            for kind in unset:
                bump(kind, [school_id])
            return None
        self.content_tokens = tokens
        who = (user.pk, sorted(user.get_all_permissions()))
        page = (request.path, sorted(self.kwargs.items()), sorted(request.GET.lists()))
        digest = hashlib.sha256(
            repr((who, get_language(), timezone.localdate().isoformat(), page)).encode()
        ).hexdigest()
        versions = ":".join(str(tokens[kind]) for kind in self.content_kinds)
        view = f"{type(self).__module__}.{type(self).__qualname__}"
        return f"list-content:{view}:{school_id}:{versions}:{digest}"

    def get(self, request, *args, **kwargs):
        key = self.content_key()
        found = cache.get(key) if key else None
        if found is not None:
            return TemplateResponse(
                request,
                self.template_name,  # the list's own: asked of it, it reads its rows
                {"view": self, "list_content": mark_safe(found)},  # noqa: S308  (rendered by us)
            )
        if key is None:
            return super().get(request, *args, **kwargs)
        with tables_read() as tables:
            response = super().get(request, *args, **kwargs)
            response.render()
        content = getattr(self, "list_content_rendered", None)
        counted = set().union(*(COUNTED_TABLES.get(k, ()) for k in self.content_kinds))
        unanswered = tables - counted - KEYED_TABLES
        if unanswered:
            logger.warning(
                "%s not cached: it reads %s", type(self).__name__, sorted(unanswered)
            )
        elif content is not None and not ONE_REQUEST_ONLY.search(content):
            cache.set(key, content, CONTENT_TIMEOUT)
        return response
