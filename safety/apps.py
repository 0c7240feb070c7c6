from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _hazards_overdue(*, school_id, now):
    """Reminders: hazards whose rectification deadline has passed."""
    from django.utils import timezone

    from logistics.registry import Waiting

    from .choices import HAZARD_AWAITING_WORK, HazardLevel
    from .models import Hazard

    today = timezone.localdate(now)
    rows = Hazard.objects.filter(
        school_id=school_id,
        status__in=HAZARD_AWAITING_WORK,
        rectifier__isnull=False,
        rectify_by__lt=today,
    ).select_related("rectifier__profile", "location")
    for hazard in rows.iterator(chunk_size=500):
        since = timezone.make_aware(
            timezone.datetime.combine(hazard.rectify_by, timezone.datetime.min.time())
        )
        yield Waiting(
            document=hazard,
            person=hazard.rectifier,
            since=since,
            text=f"{hazard.number} · {hazard.place} · {hazard.description[:100]}",
            urgent=hazard.level == HazardLevel.MAJOR,
        )


class SafetyConfig(AppConfig):
    name = "safety"
    verbose_name = _("Campus safety")
    url_prefix = "safety"

    def ready(self):
        from logistics.registry import NavItem, registry

        from . import (
            conf,  # noqa: F401  (declares the school's rules)
            roles,  # noqa: F401  (declares the grants)
        )
        from .models import DocumentVersion, HazardPhoto, RoundAnswer
        from .seed import seed_safety
        from .selectors import (
            answers_visible_to,
            home_cards,
            photos_visible_to,
            versions_visible_to,
        )

        registry.add_nav(
            NavItem(_("Campus safety"), "safety:index", "safety.view_hazard", order=50)
        )
        registry.add_nav(
            NavItem(_("Visitors"), "safety:visitors", "safety.view_visitor", order=51)
        )
        registry.add_home_cards(home_cards)
        registry.add_files(
            HazardPhoto,
            fields=["image", "thumbnail"],
            visible_to=photos_visible_to,
            permission="safety.view_hazard",
        )
        registry.add_files(
            RoundAnswer,
            fields=["photo"],
            visible_to=answers_visible_to,
            permission="safety.view_patrolround",
        )
        registry.add_files(
            DocumentVersion,
            fields=["file"],
            visible_to=versions_visible_to,
            permission="safety.view_safetydocument",
        )
        registry.add_reminder_source("safety.hazard_overdue", _hazards_overdue)
        registry.add_seeder(seed_safety, order=60)
        # The year's figures in the annual report; the rounds record and the
        # weekly report on /reports/.
        from .annual import annual_section

        registry.add_annual_section(annual_section)
        registry.add_report(
            NavItem(
                _("Rounds record"),
                "safety:rounds",
                "safety.view_safety_report",
                order=60,
            )
        )
        registry.add_report(
            NavItem(
                _("Last week's safety report (PDF)"),
                "safety:weekly-report",
                "safety.view_safety_report",
                order=61,
            )
        )
