"""The kinds of document approved through chains, as the apps declared them."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from ..registry import registry
from .defaults import DEFAULT_CHAINS


def approval_kind(key):
    """The declared kind; KeyError when no installed app declares it."""
    return registry.approval_kind(key)


def kind_for(document):
    """The declared kind of ``document``'s model; KeyError if there is none."""
    label = document._meta.label
    for kind in registry.approval_kinds.values():
        if kind.model == label:
            return kind
    raise KeyError(label)


def kind_label(key):
    """What people call a kind of document, also one whose app is not installed."""
    kind = registry.approval_kinds.get(key)
    if kind is not None:
        return kind.label
    default = DEFAULT_CHAINS.get(key)
    if default is not None:
        return default.label
    return key


def known_kinds():
    """Every kind a school may keep a chain for: declared by an installed app, or
    given a default by the core (procurement before its app exists)."""
    keys = list(registry.approval_kinds)
    keys += [key for key in DEFAULT_CHAINS if key not in keys]
    return keys


def default_steps(key):
    """The steps a school starts with for ``key`` (empty: none)."""
    kind = registry.approval_kinds.get(key)
    if kind is not None and kind.default_steps is not None:
        return kind.default_steps
    default = DEFAULT_CHAINS.get(key)
    return default.steps if default is not None else ()


def document_model(key):
    return apps.get_model(approval_kind(key).model)


NOT_INSTALLED = _("its app is not installed yet")
