from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DeliveryMode, Robot
from .preferences import notice_kinds


class NoticePreferencesForm(forms.Form):
    """One choice per kind of notice, and the time of the daily digest."""

    digest_time = forms.TimeField(
        label=_("Daily digest at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("The notices you chose to read once a day arrive together then."),
    )

    def __init__(self, *args, preference, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = notice_kinds()
        for kind, label in self.kinds:
            self.fields[f"kind_{kind}"] = forms.ChoiceField(
                label=label,
                choices=DeliveryMode.choices,
                initial=preference.mode_for(kind),
                widget=forms.RadioSelect,
            )
        self.fields["digest_time"].initial = preference.digest_time

    def kind_fields(self):
        return [self[f"kind_{kind}"] for kind, _label in self.kinds]

    def modes(self):
        return {kind: self.cleaned_data[f"kind_{kind}"] for kind, _label in self.kinds}


class RobotForm(forms.ModelForm):
    """A robot's settings; its webhook address and secret are written, never read
    back: left empty on a change, they keep their value."""

    webhook = forms.CharField(
        label=_("webhook address"),
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False),
    )
    secret = forms.CharField(
        label=_("signing secret"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("DingTalk's 加签 secret (SEC…) or Feishu's signature key."),
    )

    class Meta:
        model = Robot
        fields = [
            "name",
            "kind",
            "department",
            "webhook",
            "secret",
            "urgent_only",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["webhook"].help_text = _(
                "Set (%(masked)s). Leave empty to keep it."
            ) % {"masked": self.instance.masked_webhook}
            if self.instance.secret:
                self.fields["secret"].help_text = _(
                    "Set (%(masked)s). Leave empty to keep it; type a single - to "
                    "remove it."
                ) % {"masked": self.instance.masked_secret}

    def clean_webhook(self):
        value = self.cleaned_data["webhook"].strip()
        if not value:
            if not self.instance.pk:
                raise forms.ValidationError(_("This field is required."))
            return self.instance.webhook
        return value

    def clean_secret(self):
        value = self.cleaned_data["secret"].strip()
        if value == "-":
            return ""
        return value or (self.instance.secret if self.instance.pk else "")
