"""What a school decides for itself: rules declared once by each app, kept per school.

An app declares its rules from its conf module with ``declare_rules`` (a key, a
label, help, a type, bounds, and where the installation's default comes from);
the core never imports an app. The school's administrator or logistics head
changes them on the rules page (``/settings/rules/``); services read them with
``rule_value(school, "repairs.DUE_HOURS")``. A school that set nothing gets the
installation's default: the environment's settings (``settings.REPAIRS``,
``settings.ASSETS``) over the code's defaults, read afresh each time.

Reads cost at most one query per request and school: the first read loads all of
the school's rows, later reads in the same request use them (``rules_cached``,
opened by ``SchoolMiddleware``; a command may open one too). A change forgets
the school's rows in the block it is made in, and every request starts empty, so
the next request of every server process sees it. That is why the cache lives
for a request and not for a process: several processes could not tell each other
of a change without a shared cache server, which a school's installation lacks.
"""

import logging
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from .registry import registry
from .scoping import school_id_of
from .text import listed

logger = logging.getLogger(__name__)

PERMISSION = "logistics.edit_school_rules"

# The types a rule may have.
INT = "int"
DECIMAL = "decimal"
TEXT = "text"
PATTERN = "pattern"  # a document number pattern (see logistics/numbering.py)
MAPPING = "mapping"  # a whole number for each of ``choices`` (hours by urgency)
CHOICE = "choice"  # one of ``choices``
BYTES = "bytes"  # a file size: entered in MB, kept in bytes

MB = 1024 * 1024


@dataclass(frozen=True)
class Rule:
    """One thing a school may decide; ``app`` and ``default_from`` are filled in by
    ``declare_rules``."""

    name: str
    label: str
    type: str = INT
    help_text: str = ""
    min_value: object = None
    max_value: object = None
    unit: str = ""
    # MAPPING and CHOICE: (value, label) pairs.
    choices: tuple = ()
    # TEXT and PATTERN: the longest value accepted.
    max_length: int = 60
    # PATTERN: the kind of document it numbers ("repair"), the parts the app fills
    # in besides {school} {year} {month} {seq}, each with a sample value, and the
    # longest number the document keeps.
    document: str = ""
    parts: tuple = ()
    number_length: int = 30
    app: str = ""
    default_from: Callable = field(default=None, compare=False)
    order: int = 0

    @property
    def key(self):
        return f"{self.app}.{self.name}"

    def installation_default(self):
        """The value of a school that set nothing: the settings over the code."""
        return self.from_json(self.to_json(self.default_from(self.name)))

    # -- stored as JSON ----------------------------------------------------------

    def to_json(self, value):
        if self.type == DECIMAL:
            return str(Decimal(str(value)))
        if self.type in (INT, BYTES):
            return int(value)
        if self.type == MAPPING:
            return {str(k): int(v) for k, v in value.items()}
        return str(value)

    def from_json(self, raw):
        """The Python value of a stored one; TypeError/ValueError if it is not one."""
        if self.type == DECIMAL:
            try:
                return Decimal(str(raw))
            except InvalidOperation as error:
                raise ValueError(raw) from error
        if self.type in (INT, BYTES):
            if isinstance(raw, bool) or not isinstance(raw, int | str):
                raise TypeError(raw)
            return int(raw)
        if self.type == MAPPING:
            if not isinstance(raw, dict):
                raise TypeError(raw)
            return {str(k): int(v) for k, v in raw.items()}
        if not isinstance(raw, str):
            raise TypeError(raw)
        return raw

    # -- checked -------------------------------------------------------------------

    def clean(self, value, *, school=None):
        """The value as the rule keeps it, or ValidationError saying what is wrong."""
        try:
            value = self.from_json(self.to_json(value))
        except (TypeError, ValueError, ArithmeticError, AttributeError) as error:
            raise ValidationError(_("This is not a valid value."), "invalid") from error
        if self.type == MAPPING:
            wanted = {str(key) for key, _label in self.choices}
            if set(value) != wanted:
                raise ValidationError(_("Give a value for each line."), "incomplete")
            for number in value.values():
                self._check_bounds(number)
        elif self.type == CHOICE:
            if value not in {str(key) for key, _label in self.choices}:
                raise ValidationError(_("Choose one of the options."), "invalid_choice")
        elif self.type in (TEXT, PATTERN):
            value = value.strip()
            if not value:
                raise ValidationError(_("This cannot be empty."), "required")
            if len(value) > self.max_length:
                raise ValidationError(
                    _("At most %(count)d characters.") % {"count": self.max_length},
                    "too_long",
                )
            if self.type == PATTERN:
                from .numbering import validate_number_pattern

                validate_number_pattern(
                    value,
                    parts=dict(self.parts),
                    max_length=self.number_length,
                    school_code=getattr(school, "code", ""),
                )
        else:
            self._check_bounds(value)
        return value

    def _check_bounds(self, value):
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                _("At least %(limit)s.") % {"limit": self.display(self.min_value)},
                "too_small",
            )
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(
                _("At most %(limit)s.") % {"limit": self.display(self.max_value)},
                "too_large",
            )

    # -- shown -----------------------------------------------------------------------

    def display(self, value):
        """A value as people read it: "72 hours", "5 MB", "normal 72, urgent 24"."""
        if value is None:
            return ""
        if self.type == BYTES:
            return filesizeformat(value)
        if self.type == MAPPING and isinstance(value, dict):
            labels = {str(key): label for key, label in self.choices}
            return listed(
                f"{labels.get(key, key)} {self._with_unit(number)}"
                for key, number in value.items()
            )
        if self.type == CHOICE:
            return str(dict((str(k), v) for k, v in self.choices).get(value, value))
        if self.type == DECIMAL:
            return self._with_unit(
                f"{Decimal(str(value)):,.2f}".rstrip("0").rstrip(".")
            )
        return self._with_unit(value)

    def _with_unit(self, value):
        return f"{value} {self.unit}" if self.unit else str(value)


def declare_rules(app, default_from, rules):
    """Declare the rules of ``app`` (its label): ``default_from(name)`` gives the
    installation's value of each (e.g. ``repairs_setting``)."""
    for order, rule in enumerate(rules):
        registry.add_rule(
            replace(
                rule,
                app=app,
                default_from=default_from,
                order=order,
            )
        )


def rule_groups():
    """(app's name, [rules]) for every app that declared rules, the apps in the
    order of ``INSTALLED_APPS``, each app's rules in the order it declared them."""
    from django.apps import apps

    groups = {}
    for rule in registry.rules.values():
        groups.setdefault(rule.app, []).append(rule)
    installed = [config.label for config in apps.get_app_configs()]
    result = []
    for app, rules in sorted(
        groups.items(),
        key=lambda item: installed.index(item[0]) if item[0] in installed else 999,
    ):
        try:
            name = apps.get_app_config(app).verbose_name
        except LookupError:
            name = app
        result.append((name, sorted(rules, key=lambda rule: rule.order)))
    return result


# -- read ------------------------------------------------------------------------------

_cache: ContextVar[dict | None] = ContextVar("school_rules", default=None)


@contextmanager
def rules_cached():
    """Within this block a school's rules are read from the database once."""
    if _cache.get() is not None:
        yield
        return
    token = _cache.set({})
    try:
        yield
    finally:
        _cache.reset(token)


def rules_cache_forget(school_id):
    cache = _cache.get()
    if cache is not None:
        cache.pop(school_id, None)


def _stored(school_id):
    """key → stored JSON value of the school's own rules (one query, then cached)."""
    cache = _cache.get()
    if cache is not None and school_id in cache:
        return cache[school_id]
    from .models import SchoolRule

    rows = dict(
        SchoolRule.objects.filter(school_id=school_id).values_list("key", "value")
    )
    if cache is not None:
        cache[school_id] = rows
    return rows


def rule_value(school, key):
    """The value of rule ``key`` for ``school`` (a School or its id): the school's
    own, else the installation's default. A KeyError names an undeclared rule."""
    rule = registry.rules[key]
    default = rule.installation_default()
    school_id = getattr(school, "pk", school)
    if school_id is None:
        return default
    stored = _stored(school_id)
    if key not in stored:
        return default
    try:
        value = rule.from_json(stored[key])
    except (TypeError, ValueError, ArithmeticError):
        logger.warning("School %s: unreadable rule %s, default used", school_id, key)
        return default
    if rule.type == MAPPING:
        return {**default, **{k: v for k, v in value.items() if k in default}}
    return value


def _forget_on_change(sender, instance, **kwargs):
    rules_cache_forget(instance.school_id)


post_save.connect(
    _forget_on_change, sender="logistics.SchoolRule", dispatch_uid="rules.saved"
)
post_delete.connect(
    _forget_on_change, sender="logistics.SchoolRule", dispatch_uid="rules.deleted"
)


# -- change ----------------------------------------------------------------------------


@transaction.atomic
def school_rules_set(*, school, values, by):
    """Set some of the school's rules (key → value) and log each change.

    Only a user of the school with the right to edit its rules may. A value equal
    to the installation's default is not kept: the school then follows the
    installation's default, also when it changes. Returns the keys that changed.
    """
    from .models import SchoolRule, SchoolRuleChange

    if not by.has_perm(PERMISSION) or school_id_of(by) != school.pk:
        raise PermissionDenied
    errors, cleaned = {}, {}
    for key, value in values.items():
        rule = registry.rules.get(key)
        if rule is None:
            errors[key] = _("There is no such rule.")
            continue
        try:
            cleaned[key] = rule.clean(value, school=school)
        except ValidationError as error:
            errors[key] = error.messages
    if errors:
        raise ValidationError(errors)
    rows = {
        row.key: row
        for row in SchoolRule.objects.select_for_update().filter(
            school=school, key__in=cleaned
        )
    }
    rules_cache_forget(school.pk)
    changed = []
    for key, value in cleaned.items():
        rule = registry.rules[key]
        old = rule_value(school, key)
        if value == old:
            continue
        row = rows.get(key)
        if value == rule.installation_default():
            if row is not None:
                row.delete()
        elif row is None:
            SchoolRule.objects.create(
                school=school, key=key, value=rule.to_json(value), updated_by=by
            )
        else:
            row.value = rule.to_json(value)
            row.updated_by = by
            row.updated_at = timezone.now()
            row.save(update_fields=["value", "updated_by", "updated_at"])
        SchoolRuleChange.objects.create(
            school=school,
            key=key,
            old_value=rule.to_json(old),
            new_value=rule.to_json(value),
            by=by,
        )
        changed.append(key)
    rules_cache_forget(school.pk)
    return changed
