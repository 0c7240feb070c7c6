"""Statuses with their badge tone and group, declared once beside their choices.

Kept apart from ``workflow.py`` (which needs the models) so that an app's
``choices.py`` may use it without importing any model.
"""

from django.db import models
from django.utils.translation import gettext_lazy


class StatusGroup(models.TextChoices):
    """Where a status stands: lists, filters ("all unfinished") and cards read this."""

    OPEN = "open", gettext_lazy("Open")
    WAITING = "waiting", gettext_lazy("Waiting")
    FINISHED = "finished", gettext_lazy("Finished")


UNFINISHED_GROUPS = frozenset({StatusGroup.OPEN, StatusGroup.WAITING})


class Statuses:
    """A status choice class with each value's badge tone and group, in one place.

    ``spec`` maps each value to ``(tone, group)``; tone is a Bootstrap colour name.
    """

    def __init__(self, choices, spec):
        missing = set(choices.values) - set(spec)
        if missing:
            raise ValueError(f"statuses without tone and group: {sorted(missing)}")
        self.choices = choices
        self._spec = {str(value): spec[value] for value in spec}
        self._labels = dict(choices.choices)  # lazy labels: translated when shown

    def tone(self, value):
        return self._spec.get(str(value), ("secondary", None))[0]

    def group(self, value):
        return self._spec.get(str(value), (None, None))[1]

    def label(self, value):
        return self._labels.get(value, value)

    def in_group(self, *groups):
        return frozenset(
            self.choices(value)
            for value, (_tone, group) in self._spec.items()
            if group in groups
        )

    @property
    def unfinished(self):
        return self.in_group(*UNFINISHED_GROUPS)

    @property
    def finished(self):
        return self.in_group(StatusGroup.FINISHED)
