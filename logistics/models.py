"""The shared core: schools, places, organisation, people, transitions, notifications."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from . import fields
from .choices import DepartmentKind, Grade, LocationKind
from .dates import this_year
from .listing import REFERENCE, ReferenceQuerySet, also_counted, bump, changes_counted
from .scoping import SchoolQuerySet, SchoolScopedModel


class School(models.Model):
    """A school (学校): the root every record belongs to and the key to shard by."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        help_text=_("Short unique code, used as prefix of document numbers."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(this_year)],
        help_text=_("No acquisition date before this year is accepted."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        permissions = [
            ("view_annual_report", _("Can read the annual logistics report"))
        ]

    def __str__(self):
        return self.name


class Campus(SchoolScopedModel):
    """A campus (校区) of a school."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=30)
    address = models.CharField(_("address"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["school_id", "code"]
        verbose_name = _("campus")
        verbose_name_plural = _("campuses")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "code"], name="campus_code_unique"
            ),
        ]

    def __str__(self):
        return self.name


@changes_counted(REFERENCE)
class Building(SchoolScopedModel):
    """A building on a campus (教学楼, 宿舍楼, 食堂…)."""

    objects = ReferenceQuerySet.as_manager()

    campus = models.ForeignKey(
        Campus,
        on_delete=models.PROTECT,
        related_name="buildings",
        verbose_name=_("campus"),
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=30)
    floors = models.PositiveSmallIntegerField(_("floors"), default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["school_id", "code"]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "code"], name="building_code_unique"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if (
            self.campus_id
            and self.school_id
            and self.campus.school_id != self.school_id
        ):
            raise ValidationError(
                {"campus": _("The campus belongs to another school.")}
            )


@changes_counted(REFERENCE)
class Location(SchoolScopedModel):
    """A room or an outdoor area: where things are and where repairs happen."""

    objects = ReferenceQuerySet.as_manager()

    campus = models.ForeignKey(
        Campus,
        on_delete=models.PROTECT,
        related_name="locations",
        verbose_name=_("campus"),
    )
    building = models.ForeignKey(
        Building,
        on_delete=models.PROTECT,
        related_name="locations",
        null=True,
        blank=True,
        verbose_name=_("building"),
        help_text=_("Empty for outdoor areas."),
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("code"),
        max_length=30,
        help_text=_("Unique within the school; printed on door labels and QR codes."),
    )
    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=LocationKind.choices,
        default=LocationKind.OTHER,
    )
    floor = models.SmallIntegerField(_("floor"), null=True, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["school_id", "code"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        permissions = [("export_location", _("Can export locations to Excel"))]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "code"], name="location_code_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=LocationKind.values),
                name="location_kind_valid",
            ),
        ]
        indexes = [models.Index(fields=["school", "building", "code"])]

    # What str() reads besides the row (logistics.admin.shown_with).
    SHOWN_WITH = ("building",)

    def __str__(self):
        if self.building_id:
            return f"{self.building.name} {self.name}"
        return self.name

    def get_absolute_url(self):
        return reverse("location-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if (
            self.campus_id
            and self.school_id
            and self.campus.school_id != self.school_id
        ):
            errors["campus"] = _("The campus belongs to another school.")
        if self.building_id and self.building.campus_id != self.campus_id:
            errors["building"] = _("The building is not on this campus.")
        if errors:
            raise ValidationError(errors)


@changes_counted(REFERENCE)
class Department(SchoolScopedModel):
    """A department (处室, 教研组, 年级组)."""

    objects = ReferenceQuerySet.as_manager()

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=DepartmentKind.choices,
        default=DepartmentKind.OFFICE,
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["school_id", "kind", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"], name="department_name_unique"
            ),
        ]

    def __str__(self):
        return self.name


@changes_counted(REFERENCE)
class SchoolClass(SchoolScopedModel):
    """A class of students (班级), which may be made responsible for things."""

    objects = ReferenceQuerySet.as_manager()

    grade = models.PositiveSmallIntegerField(_("grade"), choices=Grade.choices)
    number = models.PositiveSmallIntegerField(_("class number"))
    head_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head teacher"),
    )
    home_room = models.ForeignKey(
        Location,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home room"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["school_id", "grade", "number"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "grade", "number"], name="schoolclass_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(grade__gte=1, grade__lte=12),
                name="schoolclass_grade_range",
            ),
        ]

    def __str__(self):
        return class_label(self.grade, self.number)


GRADE_LABELS = dict(Grade.choices)


def class_label(grade, number):
    """What a class is called (七年级3班): ``str(SchoolClass)`` from its grade and
    number alone, for lists that read those columns without building instances."""
    return gettext("%(grade)s class %(number)s") % {
        "grade": GRADE_LABELS.get(int(grade), grade),
        "number": int(number),
    }


@changes_counted(REFERENCE)
class Profile(SchoolScopedModel):
    """What the school knows of a user beyond the login: name, phone, department."""

    objects = ReferenceQuerySet.as_manager()

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    real_name = models.CharField(_("real name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("department"),
    )
    employee_number = models.CharField(_("employee number"), max_length=30, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["school_id", "real_name"]
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "employee_number"],
                condition=~models.Q(employee_number=""),
                name="profile_employee_number_unique",
            ),
        ]

    SHOWN_WITH = ("user",)

    def __str__(self):
        return self.real_name or self.user.get_username()


def _person_changed(sender, instance, update_fields=None, **kwargs):
    """A user's name, login or being active shows on lists (custodians, people
    filters): the schools they belong to get a new ``reference`` token. A sign-in
    (which saves ``last_login`` alone) changes nothing shown."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    bump(
        REFERENCE,
        Profile.objects.filter(user_id=instance.pk).values_list("school_id", flat=True),
    )


models.signals.post_save.connect(
    _person_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="person-changed"
)
also_counted(REFERENCE, "auth_user")


def display_name(user):
    """What people call a user: the real name from the profile, else the login."""
    if user is None:
        return ""
    profile = getattr(user, "profile", None) if hasattr(user, "profile") else None
    if profile is not None and profile.real_name:
        return profile.real_name
    return user.get_full_name() or user.get_username()


def of_model(model, relation="content_type"):
    """A filter on a generic relation naming ``model``, in the query itself (no
    lookup of the content type beforehand)."""
    return models.Q(
        **{
            f"{relation}__app_label": model._meta.app_label,
            f"{relation}__model": model._meta.model_name,
        }
    )


class TransitionLogQuerySet(SchoolQuerySet):
    def status_changes(self):
        """The moves from one status to another, without the notes a timeline
        also keeps (an approval stage passed, a reminder sent: from and to the
        same status)."""
        return self.exclude(from_state=models.F("to_state"))

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(
                obj, for_concrete_model=True
            ),
            object_id=obj.pk,
        ).select_related("by__profile")


class TransitionLog(SchoolScopedModel):
    """One status change of any workflow document: who, when, from, to and why."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("document type")
    )
    object_id = models.PositiveBigIntegerField(_("document id"))
    from_state = models.CharField(_("from"), max_length=30, blank=True)
    to_state = models.CharField(_("to"), max_length=30)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_(
            "Empty when the system acted on its own (for example an automatic step)."
        ),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = fields.TextField(_("comment"), max_length=fields.TEXT_LENGTH, blank=True)

    objects = TransitionLogQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.from_state or '∅'} → {self.to_state}"


class NotificationQuerySet(SchoolQuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(SchoolScopedModel):
    """A message to one person inside the application (the bell)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    # In the site's language (Chinese), and in English for those who read the
    # site in English; empty English means the notice was written in one language.
    title = models.CharField(_("title"), max_length=200)
    body = fields.TextField(_("text"), max_length=fields.TEXT_LENGTH * 2, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_en = fields.TextField(
        _("text (English)"), max_length=fields.TEXT_LENGTH * 2, blank=True
    )
    url = models.CharField(_("link"), max_length=300, blank=True)
    # Asks the reader to act on the document as it stands (assign, approve,
    # confirm…): read by itself once the document moves on. Other notices (a
    # compensation to collect, news of a decision) wait for the reader.
    pending = models.BooleanField(_("asks to act"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"]),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            # Unread notices about one document, settled when it moves on.
            models.Index(
                fields=["url"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_url_idx",
            ),
        ]

    def __str__(self):
        return self.title

    @staticmethod
    def _read_in_english():
        return (translation.get_language() or "").startswith("en")

    @property
    def shown_title(self):
        """The title in the language the page is read in."""
        return (self._read_in_english() and self.title_en) or self.title

    @property
    def shown_body(self):
        return (self._read_in_english() and self.body_en) or self.body


# -- school rules and document numbers -------------------------------------------------
# What a school decides for itself (logistics/rules.py) and the counters behind its
# document numbers (logistics/numbering.py).


@changes_counted(REFERENCE)
class SchoolRule(SchoolScopedModel):
    """One rule a school set for itself; a rule without a row is the installation's.

    One row per school and rule rather than one JSON document per school: two
    people saving different rules never overwrite each other, the database keeps
    one value per key (a unique constraint), and a school's rules are still read
    in one query (``school_id = …``, by the unique index).
    """

    objects = ReferenceQuerySet.as_manager()

    key = models.CharField(_("rule"), max_length=100)
    value = models.JSONField(_("value"))
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ["school_id", "key"]
        verbose_name = _("school rule")
        verbose_name_plural = _("school rules")
        default_permissions = ()
        permissions = [("edit_school_rules", _("Can edit the school's rules"))]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "key"], name="schoolrule_key_unique"
            ),
        ]

    def __str__(self):
        return self.key


class SchoolRuleChange(SchoolScopedModel):
    """One change of a school's rule: who, when, and the value in force before and
    after it (the installation's default where the school had set none)."""

    key = models.CharField(_("rule"), max_length=100)
    old_value = models.JSONField(_("before"), null=True, blank=True)
    new_value = models.JSONField(_("after"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("rule change")
        verbose_name_plural = _("rule changes")
        default_permissions = ()
        indexes = [models.Index(fields=["school", "-at", "-id"])]

    def __str__(self):
        return f"{self.key}: {self.old_value} → {self.new_value}"


class DocumentCounter(SchoolScopedModel):
    """The last running number handed out for one kind of document and one prefix
    (``key``: the number pattern with its running number left out, e.g.
    ``BX2025#``). Locked while a number is taken, so numbers are never reused."""

    kind = models.CharField(_("document type"), max_length=30)
    key = models.CharField(_("prefix"), max_length=60)
    last = models.PositiveBigIntegerField(_("last number"), default=0)

    class Meta:
        ordering = ["school_id", "kind", "key"]
        verbose_name = _("document number counter")
        verbose_name_plural = _("document number counters")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["school", "kind", "key"], name="documentcounter_key_unique"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.key}: {self.last}"


class ListVersion(SchoolScopedModel):
    """A token that changes whenever a list's rows change (one per school and kind
    of list, e.g. ``assets``): the key under which the list's totals are cached
    (``logistics/listing.py``). Written by every write to the rows, in its
    transaction; a new random value each time, never reused."""

    kind = models.CharField(_("list"), max_length=30)
    token = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("list version")
        verbose_name_plural = _("list versions")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["school", "kind"], name="listversion_kind_unique"
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.token}"


# Background jobs live in their own module; imported here so Django registers them.
from .approvals.models import *  # noqa: E402,F401,F403  (approvals: logistics/approvals/)
from .jobs.models import BackgroundJob  # noqa: E402,F401

# Notices beyond the bell (outbox, group robots, preferences, reminders).
from .notices.models import OutboxMessage  # noqa: E402,F401
