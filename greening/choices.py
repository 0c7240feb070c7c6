"""Choices of the greening app: kinds of zone, plant conditions, care tasks."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ZoneKind(models.TextChoices):
    GREEN_AREA = "green_area", _("Green area")
    FLOWER_BED = "flower_bed", _("Flower bed")
    SPORTS_GROUND = "sports_ground", _("Sports ground")
    CLASSROOM = "classroom", pgettext_lazy("zone kind", "Classroom")
    DORMITORY = "dormitory", pgettext_lazy("zone kind", "Dormitory")
    CORRIDOR = "corridor", pgettext_lazy("zone kind", "Corridor")
    OUTDOOR_FACILITY = "outdoor_facility", _("Outdoor facility")


class PlantCondition(models.TextChoices):
    THRIVING = "thriving", _("Thriving")
    NEEDS_CARE = "needs_care", _("Needs care")
    DEAD = "dead", _("Dead, to replace")


class PlantForm(models.TextChoices):
    TREE = "tree", _("Tree")
    SHRUB = "shrub", _("Shrub")
    FLOWER = "flower", _("Flower")
    GRASS = "grass", _("Grass")
    CLIMBER = "climber", _("Climber")


class CareTask(models.TextChoices):
    WATER = "water", pgettext_lazy("care task", "Water")
    FERTILISE = "fertilise", pgettext_lazy("care task", "Fertilise")
    SPRAY = "spray", pgettext_lazy("care task", "Spray pesticide")
    WEED = "weed", pgettext_lazy("care task", "Weed")
    PRUNE = "prune", pgettext_lazy("care task", "Prune")
    MOW = "mow", pgettext_lazy("care task", "Mow")


# The four standards of a zone (四化): green, beautiful, clean, fragrant.
SCORE_FIELDS = ("green", "beautiful", "clean_score", "fragrant")
MAX_SCORE = 10
