"""The one mechanism that limits every query to the user's school.

Every model that belongs to a school inherits ``SchoolScopedModel``; every view,
export, count and admin page reaches its rows through ``Model.objects.for_user``
(or ``for_school``). An object of another school is then simply not found: 404.
"""

from django.db import models
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from .choices import choice_label


def school_id_of(user):
    """The id of the user's home school, or None for anonymous or unplaced users."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_school_id_cache", False)
    if cached is not False:
        return cached
    profile = getattr(user, "profile", None) if hasattr(user, "profile") else None
    school_id = profile.school_id if profile is not None else None
    user._school_id_cache = school_id
    return school_id


class SchoolQuerySet(models.QuerySet):
    def for_school(self, school):
        school_id = getattr(school, "pk", school)
        if school_id is None:
            return self.none()
        return self.filter(school_id=school_id)

    def for_user(self, user):
        return self.for_school(school_id_of(user))


class SchoolScopedModel(models.Model):
    """Abstract base: the row belongs to one school, the key to shard by."""

    school = models.ForeignKey(
        "logistics.School",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("school"),
    )

    objects = SchoolQuerySet.as_manager()

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        # get_<field>_display(): each label translated once (logistics/choices.py);
        # choices given as a callable may change, and are asked each time.
        if isinstance(field.choices, CallableChoiceIterator):
            return super()._get_FIELD_display(field)
        return choice_label(field, getattr(self, field.attname))
