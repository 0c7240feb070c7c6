from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GreeningConfig(AppConfig):
    name = "greening"
    verbose_name = _("Grounds and greening")
