"""Forms for deciding, for deputies and for editing chains: they check that the
input is well formed; the services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from ..documents import OFD, OFFICE, PDF, PHOTO, accept, check_document
from ..fields import no_control_characters
from ..forms import StyledFormMixin, name_empty_choice
from ..models import display_name
from ..roles import Role
from .choices import RequesterRule

# Minutes are a document or a photo of the paper ones.
MINUTES_KINDS = (PDF, OFD, OFFICE, PHOTO)
MINUTES_MAX_BYTES = 20 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


def school_people(school_id, *, exclude=None):
    people = (
        get_user_model()
        .objects.filter(profile__school_id=school_id, is_active=True)
        .select_related("profile")
        .order_by("profile__real_name", "username")
    )
    return people.exclude(pk=exclude.pk) if exclude is not None else people


def _minutes_help():
    return _("PDF, OFD, an office document or a photo, at most %(size)s.") % {
        "size": filesizeformat(MINUTES_MAX_BYTES)
    }


class MinutesField(forms.FileField):
    """The meeting's minutes: a document or a photo of it, of a modest size."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Minutes"))
        # Read in the language of the page that shows it: a field may be made
        # once, when its form class is defined.
        kwargs.setdefault("help_text", lazy(_minutes_help, str)())
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = accept(*MINUTES_KINDS)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            check_document(upload, kinds=MINUTES_KINDS, max_bytes=MINUTES_MAX_BYTES)
        return upload


def _meeting_fields(form):
    form.fields["meeting_date"] = forms.DateField(
        label=_("Meeting date"), widget=DateInput()
    )
    form.fields["minutes"] = MinutesField()


def _check_meeting_date(form):
    day = form.cleaned_data.get("meeting_date")
    if day is not None and day > timezone.localdate():
        form.add_error("meeting_date", _("The meeting's date cannot be in the future."))


class ApproveForm(StyledFormMixin, forms.Form):
    """Approve a step: an optional comment; a collective step's meeting and minutes."""

    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
    )

    def __init__(self, *args, stage=None, **kwargs):
        super().__init__(*args, **kwargs)
        if stage is not None and stage.collective:
            _meeting_fields(self)
            for name in ("meeting_date", "minutes"):
                self.fields[name].widget.attrs["class"] = "form-control"

    def clean(self):
        cleaned = super().clean()
        _check_meeting_date(self)
        return cleaned


class RejectForm(ApproveForm):
    """Reject a step: the comment says why and is needed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = True
        self.fields["comment"].label = _("Reason for rejecting")
        self.fields["comment"].error_messages["required"] = _(
            "Say why it is rejected: a rejection needs a comment."
        )


APPROVE, REJECT = "approve", "reject"


class DecisionForm(StyledFormMixin, forms.Form):
    """One item of the inbox or an approval's page: approve or reject (the button
    pressed), a comment (needed to reject), a collective step's meeting."""

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))],
        widget=forms.HiddenInput,
    )
    comment = forms.CharField(
        label=_("Comment (needed to reject)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
    )

    def __init__(self, *args, stage=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        if stage is not None and stage.collective:
            _meeting_fields(self)
            for name in ("meeting_date", "minutes"):
                self.fields[name].widget.attrs["class"] = "form-control"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == REJECT and not cleaned.get("comment", "").strip():
            self.add_error(
                "comment", _("Say why it is rejected: a rejection needs a comment.")
            )
        _check_meeting_date(self)
        return cleaned

    @property
    def approve(self):
        return self.cleaned_data["decision"] == APPROVE

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "approve": self.approve,
            "comment": data.get("comment", ""),
            "meeting_date": data.get("meeting_date"),
            "minutes": data.get("minutes"),
        }


class BulkApproveForm(forms.Form):
    selected = forms.TypedMultipleChoiceField(coerce=int, choices=())
    comment = forms.CharField(
        required=False, max_length=2000, validators=[no_control_characters]
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = [(pk, pk) for pk in choices]
        self.fields["selected"].error_messages["required"] = _(
            "Select at least one item to approve."
        )
        self.fields["selected"].error_messages["invalid_choice"] = _(
            "Something selected is no longer waiting for you."
        )


# -- delegations -----------------------------------------------------------------------


class DelegationForm(StyledFormMixin, forms.Form):
    deputy = PersonChoiceField(label=_("Deputy"), queryset=None)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until (inclusive)"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example: on a training course."),
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault(
            "initial",
            {"starts_on": timezone.localdate(), "ends_on": timezone.localdate()},
        )
        super().__init__(*args, **kwargs)
        from ..scoping import school_id_of

        self.fields["deputy"].queryset = school_people(school_id_of(user), exclude=user)
        name_empty_choice(self.fields["deputy"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and start > end:
            self.add_error(
                "ends_on", _("The end date cannot be before the start date.")
            )
        return cleaned


# -- chains ----------------------------------------------------------------------------


class StepForm(StyledFormMixin, forms.Form):
    """One step of a chain as the administrator edits it."""

    order = forms.IntegerField(
        label=_("Order"), required=False, min_value=1, max_value=99
    )
    name = forms.CharField(label=_("Name (optional)"), required=False, max_length=60)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", "")] + list(Role.choices)
    )
    person = PersonChoiceField(
        label=_("or a named person"), required=False, queryset=None
    )
    min_amount = forms.DecimalField(
        label=_("From ¥ (inclusive)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    max_amount = forms.DecimalField(
        label=_("Below ¥"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    collective = forms.BooleanField(label=_("Collective decision"), required=False)
    requester_rule = forms.ChoiceField(
        label=_("When the requester holds the role"),
        choices=RequesterRule.choices,
        initial=RequesterRule.OTHER_HOLDER,
    )

    def __init__(self, *args, school_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = school_people(school_id)
        self.fields["role"].choices = [("", _("(none)"))] + list(Role.choices)
        name_empty_choice(self.fields["person"])
        self.fields["min_amount"].widget.attrs["inputmode"] = "decimal"
        self.fields["max_amount"].widget.attrs["inputmode"] = "decimal"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("DELETE"):
            role, person = cleaned.get("role"), cleaned.get("person")
            if not role and person is None and "role" not in self.errors:
                self.add_error("role", _("Choose a role or a named person."))
            elif role and person is not None:
                self.add_error("person", _("Choose either a role or a named person."))
            low, high = cleaned.get("min_amount"), cleaned.get("max_amount")
            if low is not None and high is not None and low >= high:
                self.add_error("max_amount", _("“Below” must be more than “from”."))
        return cleaned

    def step(self):
        data = self.cleaned_data
        return {
            "order": data.get("order"),
            "name": data.get("name", "").strip(),
            "role": data.get("role") or "",
            "person": data.get("person"),
            "min_amount": data.get("min_amount"),
            "max_amount": data.get("max_amount"),
            "collective": data.get("collective", False),
            "requester_rule": data["requester_rule"],
        }


class BaseStepFormSet(forms.BaseFormSet):
    def __init__(self, *args, school_id, **kwargs):
        self.school_id = school_id
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"school_id": self.school_id}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            school_id=self.school_id,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form

    def steps(self):
        """The steps kept (not deleted, not left blank); a step without an order
        goes last."""
        steps = []
        for index, form in enumerate(self.forms):
            if not form.cleaned_data or self._should_delete_form(form):
                continue
            step = form.step()
            if step["order"] is None:
                step["order"] = 1000 + index
            steps.append(step)
        return steps


StepFormSet = forms.formset_factory(
    StepForm, formset=BaseStepFormSet, extra=1, can_delete=True, max_num=20
)


class ChainForm(StyledFormMixin, forms.Form):
    allow_repeat_decider = forms.BooleanField(
        label=_("One person may decide several steps of a document"), required=False
    )


def step_initial(step):
    return {
        "order": step.order,
        "name": step.name,
        "role": step.role,
        "person": step.person_id,
        "min_amount": step.min_amount,
        "max_amount": step.max_amount,
        "collective": step.collective,
        "requester_rule": step.requester_rule,
    }
