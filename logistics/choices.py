from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class LocationKind(models.TextChoices):
    CLASSROOM = "classroom", _("classroom")
    OFFICE = "office", _("office")
    LABORATORY = "laboratory", _("laboratory")
    COMPUTER_ROOM = "computer_room", _("computer room")
    FUNCTION_ROOM = "function_room", _("function room")
    MEETING_ROOM = "meeting_room", _("meeting room")
    LIBRARY = "library", _("library")
    DORMITORY = "dormitory", _("dormitory")
    CANTEEN = "canteen", _("canteen")
    WAREHOUSE = "warehouse", _("warehouse")
    WASHROOM = "washroom", _("washroom")
    CORRIDOR = "corridor", _("corridor or stairs")
    GYMNASIUM = "gymnasium", _("gymnasium")
    SPORTS_GROUND = "sports_ground", _("sports ground")
    GREEN_AREA = "green_area", _("green area")
    OTHER = "other", _("other")


class DepartmentKind(models.TextChoices):
    OFFICE = "office", _("administrative office")
    TEACHING_GROUP = "teaching_group", _("teaching and research group")
    GRADE_GROUP = "grade_group", _("grade group")
    OTHER = "other", _("other")


class Grade(models.IntegerChoices):
    G1 = 1, _("Grade 1")
    G2 = 2, _("Grade 2")
    G3 = 3, _("Grade 3")
    G4 = 4, _("Grade 4")
    G5 = 5, _("Grade 5")
    G6 = 6, _("Grade 6")
    G7 = 7, _("Junior 1")
    G8 = 8, _("Junior 2")
    G9 = 9, _("Junior 3")
    G10 = 10, _("Senior 1")
    G11 = 11, _("Senior 2")
    G12 = 12, _("Senior 3")


# ---------------------------------------------------------------------------
# A field's choice label (``get_<field>_display()``) without translating every
# choice on each call.
#
# Django's ``Model._get_FIELD_display`` builds a dict of all the field's choices on
# every call, and hashing a lazy label translates it: a 50-row list that shows a
# status and an urgency translated every status and every urgency on every row
# (some 800 ``gettext`` calls a page). ``SchoolScopedModel`` uses ``choice_label``
# instead: the labels are translated once per field and language and kept.

# Labels by field and language: a few hundred fields with choices, two languages.
_labels = {}
LABELS_KEPT = 2000


def choice_label(field, value):
    """What ``get_<field>_display()`` answers: the label of ``value`` among the
    field's choices, or the value itself when it is none of them. (Not for
    choices given as a callable, which Django asks again on each use.)"""
    key = (field, get_language())
    labels = _labels.get(key)
    if labels is None:
        labels = {
            make_hashable(choice): force_str(label, strings_only=True)
            for choice, label in field.flatchoices
        }
        if len(_labels) < LABELS_KEPT:
            _labels[key] = labels
    found = labels.get(make_hashable(value), labels)
    return force_str(value, strings_only=True) if found is labels else found
