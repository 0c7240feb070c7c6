"""The school's group robots and its outbox in the Django admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..admin import SchoolScopedAdmin
from .forms import RobotForm
from .models import Robot


@admin.register(Robot)
class RobotAdmin(SchoolScopedAdmin):
    """Robots are edited here by the school's administrator; the webhook address
    (it holds the robot's key) and the signing secret are shown masked only."""

    form = RobotForm
    list_display = [
        "name",
        "kind",
        "department",
        "webhook_shown",
        "urgent_only",
        "is_active",
    ]
    list_filter = ["kind", "is_active", "urgent_only"]
    search_fields = ["name"]
    autocomplete_fields = ["department"]

    @admin.display(description=_("webhook address"))
    def webhook_shown(self, obj):
        return obj.masked_webhook
