from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _repairs_not_started(*, school_id, now):
    """Reminders: repairs assigned to a technician who has not started them, from
    the moment they were assigned (emergencies are urgent)."""
    from logistics.registry import Waiting

    from .choices import RepairStatus, Urgency
    from .models import RepairRequest

    waiting = RepairRequest.objects.filter(
        school_id=school_id,
        status=RepairStatus.ASSIGNED,
        started_at__isnull=True,
        technician__isnull=False,
        assigned_at__lte=now,
    ).select_related("technician__profile", "location")
    for repair in waiting.iterator(chunk_size=500):
        yield Waiting(
            document=repair,
            person=repair.technician,
            since=repair.assigned_at,
            text=f"{repair.location} · {repair.description[:100]}",
            urgent=repair.urgency == Urgency.EMERGENCY,
        )


def _seed_new_school(sender, instance, created, raw=False, **kwargs):
    """A new school starts with the standard repair categories."""
    if created and not raw:
        from .categories import seed_categories

        seed_categories(instance.pk)


class RepairsConfig(AppConfig):
    name = "repairs"
    verbose_name = _("Repairs")
    url_prefix = "repairs"

    def ready(self):
        from logistics.jobs.exports import export_job
        from logistics.models import School
        from logistics.registry import NavItem, registry

        from .views import ExportView

        # A large ledger export is written by the background worker.
        registry.add_job_kind("repairs.ledger_export", export_job(ExportView))

        from . import (
            conf,  # noqa: F401  (declares the school's rules)
            roles,  # noqa: F401  (declares the grants)
        )
        from .models import RepairPhoto
        from .selectors import (
            home_cards,
            photos_visible_to,
            recent_requests,
            repairs_for_asset,
        )

        registry.add_nav(
            NavItem(
                pgettext_lazy("repair", "Repairs"),
                "repairs:mine",
                "repairs.add_repairrequest",
                order=10,
            )
        )
        registry.add_nav(
            NavItem(
                _("Repair queue"),
                "repairs:queue",
                "repairs.triage_repairrequest",
                order=11,
            )
        )
        registry.add_nav(
            NavItem(
                _("My jobs"), "repairs:jobs", "repairs.work_repairrequest", order=12
            )
        )
        post_save.connect(
            _seed_new_school, sender=School, dispatch_uid="repairs.seed_new_school"
        )
        registry.add_home_cards(home_cards)
        registry.add_recent_requests(recent_requests)
        registry.add_related("asset", repairs_for_asset)
        # A photo opens for those who may open its request's page (its permission).
        registry.add_files(
            RepairPhoto,
            fields=["image", "thumbnail"],
            visible_to=photos_visible_to,
            permission="repairs.add_repairrequest",
        )
        registry.add_reminder_source("repairs.not_started", _repairs_not_started)
        # The year's figures in the annual report; the statistics page on /reports/.
        from .annual import annual_section

        registry.add_annual_section(annual_section)
        registry.add_report(
            NavItem(
                _("Repair statistics"),
                "repairs:stats",
                "repairs.view_repair_statistics",
                order=10,
            )
        )
        from .seed import seed_repairs
        from .services import repair_file_for, report_url_for

        # Other apps (patrols, zone inspections) file repairs through this, and
        # link to the filing page of a place or an asset.
        registry.add_service("repairs.file", repair_file_for)
        registry.add_service("repairs.report_url", report_url_for)

        registry.add_seeder(seed_repairs, order=20)
