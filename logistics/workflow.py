"""State machines for documents: a table of allowed moves and one transition log.

A workflow model mixes in ``WorkflowMixin`` and declares ``TRANSITIONS``, a dict
from each status to the set of statuses it may move to (django-oscar's pipeline).
Services call ``move_to``; nothing else writes the status field.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import TransitionLog
from .notifications import settle


class WorkflowMixin(models.Model):
    """Mixin for a school-scoped model with a ``status`` field and ``TRANSITIONS``."""

    TRANSITIONS: dict = {}
    STATUS_FIELD = "status"

    class Meta:
        abstract = True

    @property
    def current_status(self):
        return getattr(self, self.STATUS_FIELD)

    def allowed_moves(self):
        return self.TRANSITIONS.get(self.current_status, frozenset())

    def can_move_to(self, to_state):
        return to_state in self.allowed_moves()

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
        at = at or timezone.now()
        self.save(update_fields=[self.STATUS_FIELD, *extra_fields])
        # What earlier notices said about this document is out of date now.
        settle(school_id=self.school_id, url=self.notice_url(), before=timezone.now())
        return TransitionLog.objects.create(
            school_id=self.school_id,
            content_type=ContentType.objects.get_for_model(
                self, for_concrete_model=True
            ),
            object_id=self.pk,
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
        return TransitionLog.objects.create(
            school_id=self.school_id,
            content_type=ContentType.objects.get_for_model(
                self, for_concrete_model=True
            ),
            object_id=self.pk,
            from_state="",
            to_state=self.current_status,
            by=by,
            at=at or timezone.now(),
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
        return entries
