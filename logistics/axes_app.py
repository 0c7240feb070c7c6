"""django-axes (failed logins and lockouts) under a translated name in the admin,
where administrators unlock an account: axes' own config has no verbose name."""

from django.utils.translation import gettext_lazy as _

from axes.apps import AppConfig


class AxesConfig(AppConfig):
    verbose_name = _("Login lockouts")
