"""State machines for documents, declared once.

A workflow names its statuses (label, badge tone and group) and its actions (who
may do what, from which status, to which status, with which form and service).
Everything else is derived from that one declaration:

- ``available_actions(obj, user)``: the buttons a page shows (templates loop over it);
- ``Workflow.check(obj, user, name)``: the same rule inside the service, raising the
  same translated reason when it refuses;
- the ``TRANSITIONS`` table that ``move_to`` enforces;
- one POST-only view per action (``logistics.views.DocumentActionView``).

``note(obj, by=…, text=…)`` puts an entry on a document's timeline without moving
it; nothing outside this module writes ``TransitionLog``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import TransitionLog
from .notifications import settle
from .scoping import school_id_of
from .statuses import UNFINISHED_GROUPS, Statuses, StatusGroup  # noqa: F401


def _always(obj, user):
    return None


@dataclass(frozen=True)
class Action:
    """One thing a person may do to a document.

    ``sources``: the statuses it may be taken from (empty: any status).
    ``target``: the status it moves to, or None for an action that records
    something without moving (a comment, a payment, a photo).
    ``permission``: "app.codename" the user must hold (checked by view and service),
    or a tuple of them of which the user must hold one.
    ``condition(obj, user)``: returns None when allowed, else a translated reason
    ("you proposed this disposal").
    ``form``: the form class (or its dotted path) it takes; its cleaned data are
    the service's keywords.
    ``service``: dotted path of the service, called as
    ``service(<document_kwarg>=obj, by=user, **cleaned_data)``.
    ``label`` and ``heading``: the button's text and the card's heading (empty: a
    bare button), or a callable(obj, user) giving it.
    ``fields``: the names of the form's cleaned data the service takes (default:
    all of them).
    """

    name: str
    label: object
    service: str
    sources: frozenset = frozenset()
    target: str | None = None
    permission: str | tuple = ""
    condition: Callable = _always
    form: type | None = None
    style: str = "primary"  # the button's Bootstrap colour (btn-<style>)
    success: object = ""  # message after success, or a callable(obj, result)
    confirm: object = ""  # a question the browser asks before it is sent
    heading: object = ""  # the card's heading; empty: a bare button
    template: str = "logistics/_action.html"  # the partial that draws its card
    form_prefix: str | None = None
    fields: tuple | None = None
    forbidden: object = ""  # the reason given to someone without the permission

    def success_for(self, obj, result):
        """The message after success; a callable gets the service's result too."""
        if callable(self.success):
            return self.success(obj, result)
        return self.success

    def label_for(self, obj, user):
        return self.label(obj, user) if callable(self.label) else self.label

    def heading_for(self, obj, user):
        return self.heading(obj, user) if callable(self.heading) else self.heading

    def permitted(self, user):
        """Whether ``user`` holds the action's permission (or one of them)."""
        if not self.permission:
            return True
        if isinstance(self.permission, str):
            return user.has_perm(self.permission)
        return any(user.has_perm(perm) for perm in self.permission)

    def form_class(self):
        """The form class (declared as a class or, to avoid an import cycle, a path)."""
        if isinstance(self.form, str):
            return import_string(self.form)
        return self.form

    def call(self, *, document_kwarg, obj, by, data):
        service = import_string(self.service)
        if self.fields is not None:
            data = {name: data[name] for name in self.fields if name in data}
        return service(**{document_kwarg: obj}, by=by, **data)


@dataclass
class Workflow:
    """The statuses and actions of one kind of document."""

    statuses: Statuses
    actions: list
    document_kwarg: str  # the keyword the services take the document by
    status_field: str = "status"
    # Where the action views' URLs are named: "<namespace>:<url prefix><action name>".
    url_namespace: str = ""
    url_prefix: str = ""
    _by_name: dict = field(init=False, repr=False)

    def __post_init__(self):
        self._by_name = {}
        for action in self.actions:
            if action.name in self._by_name:
                raise ValueError(f"action {action.name!r} declared twice")
            self._by_name[action.name] = action

    def __getitem__(self, name):
        return self._by_name[name]

    @property
    def transitions(self):
        """status -> statuses it may move to, built from the actions."""
        table = {value: set() for value in self.statuses.choices.values}
        for action in self.actions:
            if action.target is None:
                continue
            for source in action.sources or self.statuses.choices.values:
                table[source].add(action.target)
        return {status: frozenset(targets) for status, targets in table.items()}

    def why_not(self, obj, user, name):
        """The refusal as a ValidationError (with its code), or None if allowed.

        The order of the checks decides which reason a person reads: status first
        (nobody may), then the school, the permission, and the action's condition,
        which returns None, a reason, or a ValidationError with its own code.
        """
        action = self[name]
        status = getattr(obj, self.status_field)
        if action.sources and status not in action.sources:
            return ValidationError(
                _("This cannot be done now: it is “%(status)s”.")
                % {"status": self.statuses.label(status)},
                code="transition_not_allowed",
            )
        if user is None or not user.is_authenticated:
            return ValidationError(_("Sign in first."), code="not_allowed")
        if school_id_of(user) != obj.school_id:
            return ValidationError(
                _("This belongs to another school."), code="other_school"
            )
        if not action.permitted(user):
            return ValidationError(
                action.forbidden or _("You may not do this."), code="not_allowed"
            )
        reason = action.condition(obj, user)
        if reason is None or isinstance(reason, ValidationError):
            return reason
        return ValidationError(reason, code=f"{name}_refused")

    def refusal(self, obj, user, name):
        """Why ``user`` may not take action ``name`` on ``obj`` now, or None."""
        error = self.why_not(obj, user, name)
        return None if error is None else " ".join(error.messages)

    def allows(self, obj, user, name):
        return self.refusal(obj, user, name) is None

    def check(self, obj, user, name):
        """Raise the refusal as a ValidationError (the service's own check)."""
        error = self.why_not(obj, user, name)
        if error is not None:
            raise error

    def available(self, obj, user):
        """The actions ``user`` may take on ``obj`` now, in declaration order."""
        return [a for a in self.actions if self.why_not(obj, user, a.name) is None]

    def url_name(self, action):
        name = f"{self.url_prefix}{action.name}".replace("_", "-")
        return f"{self.url_namespace}:{name}" if self.url_namespace else name

    def perform(self, obj, user, name, data=None):
        """Take the action through its service (the service checks again)."""
        action = self[name]
        if not action.permitted(user):
            raise PermissionDenied
        return action.call(
            document_kwarg=self.document_kwarg, obj=obj, by=user, data=data or {}
        )


def available_actions(obj, user):
    """The actions ``user`` may take on the workflow document ``obj`` now."""
    return obj.workflow.available(obj, user)


def _content_type(obj):
    return ContentType.objects.get_for_model(obj, for_concrete_model=True)


def _log(obj, *, from_state, to_state, by, at, comment):
    return TransitionLog.objects.create(
        school_id=obj.school_id,
        content_type=_content_type(obj),
        object_id=obj.pk,
        from_state=from_state,
        to_state=to_state,
        by=by,
        at=at or timezone.now(),
        comment=comment,
    )


def past_entry(
    *, school_id, content_type, object_id, from_state, to_state, by, at, comment=""
):
    """A timeline entry of a move made in the past (demo data, an import of old
    records), not saved: ``past_entries_save`` writes many at once."""
    return TransitionLog(
        school_id=school_id,
        content_type=content_type,
        object_id=object_id,
        from_state=from_state,
        to_state=to_state,
        by=by,
        at=at,
        comment=comment,
    )


def past_entries_save(entries):
    return TransitionLog.objects.bulk_create(entries, batch_size=5000)


def note(obj, *, by, text, at=None):
    """An entry on the document's timeline that changes nothing (a comment, a
    correction, a reminder)."""
    status = obj.current_status
    return _log(obj, from_state=status, to_state=status, by=by, at=at, comment=text)


class WorkflowMixin(models.Model):
    """Mixin for a school-scoped model with a status and a declared ``workflow``.

    A model may instead declare a plain ``TRANSITIONS`` table (status -> statuses).
    Services call ``move_to``; nothing else writes the status field.
    """

    workflow: Workflow | None = None
    TRANSITIONS: dict = {}
    STATUS_FIELD = "status"

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("workflow") is not None:
            cls.TRANSITIONS = cls.workflow.transitions
            cls.STATUS_FIELD = cls.workflow.status_field

    @property
    def current_status(self):
        return getattr(self, self.STATUS_FIELD)

    @property
    def statuses(self):
        return self.workflow.statuses

    @property
    def status_tone(self):
        if self.workflow is None:
            return "secondary"
        return self.workflow.statuses.tone(self.current_status)

    @property
    def status_label(self):
        return self._status_label(self.current_status)

    def allowed_moves(self):
        return self.TRANSITIONS.get(self.current_status, frozenset())

    def can_move_to(self, to_state):
        return to_state in self.allowed_moves()

    def available_actions(self, user):
        return self.workflow.available(self, user) if self.workflow else []

    def _status_label(self, value):
        field = self._meta.get_field(self.STATUS_FIELD)
        return dict(field.flatchoices).get(value, value)

    def move_to(self, to_state, *, by, comment="", at=None, extra_fields=()):
        """Change the status if the table allows it, save, and log who, when and why."""
        from_state = self.current_status
        if not self.can_move_to(to_state):
            raise ValidationError(
                _("Cannot move from “%(from)s” to “%(to)s”.")
                % {
                    "from": self._status_label(from_state),
                    "to": self._status_label(to_state),
                },
                code="transition_not_allowed",
            )
        setattr(self, self.STATUS_FIELD, to_state)
        self.save(update_fields=[self.STATUS_FIELD, *extra_fields])
        # What earlier notices said about this document is out of date now.
        settle(school_id=self.school_id, url=self.notice_url(), before=timezone.now())
        return _log(
            self,
            from_state=from_state,
            to_state=to_state,
            by=by,
            at=at,
            comment=comment,
        )

    def notice_url(self):
        """The page notices about this document link to ("" if it has none)."""
        get_url = getattr(self, "get_absolute_url", None)
        return get_url() if get_url else ""

    def log_creation(self, *, by, comment="", at=None):
        """Record the first status of a new document on its timeline."""
        return _log(
            self,
            from_state="",
            to_state=self.current_status,
            by=by,
            at=at,
            comment=comment,
        )

    def timeline(self):
        """The document's status changes, oldest first, with labels ready to show."""
        entries = list(TransitionLog.objects.for_object(self))
        for entry in entries:
            entry.from_label = (
                self._status_label(entry.from_state) if entry.from_state else ""
            )
            entry.to_label = self._status_label(entry.to_state)
            entry.is_note = entry.from_state == entry.to_state and bool(
                entry.from_state
            )
        return entries
