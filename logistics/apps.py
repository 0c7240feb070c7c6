from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, using="default", **kwargs):
    """Grant role permissions once the last app's permissions have been created."""
    from django.apps import apps

    from .roles import sync_role_permissions

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender.label == with_models[-1].label:
        sync_role_permissions(using=using)


class LogisticsConfig(AppConfig):
    name = "logistics"
    verbose_name = _("School and places")

    def ready(self):
        from . import roles, rules  # noqa: F401  (the core's grants; rules' signals)
        from .approvals import setup as approvals
        from .notices.registration import register as register_notices
        from .registry import NavItem, registry
        from .report_views import may_read_reports
        from .seed import seed_core

        # After every migrate, once all apps' permissions exist, groups get theirs.
        post_migrate.connect(_sync_roles, dispatch_uid="logistics.sync_roles")
        registry.add_nav(
            NavItem(_("Places"), "location-list", "logistics.view_location", order=90)
        )
        registry.add_nav(NavItem(_("Reports"), "reports", may_read_reports, order=92))
        registry.add_nav(
            NavItem(
                _("School rules"),
                "school-rules",
                "logistics.edit_school_rules",
                order=95,
            )
        )
        registry.add_seeder(seed_core, order=0)
        from .jobs.models import BackgroundJob

        # A job's file: only to the person who asked for it.
        registry.add_files(
            BackgroundJob, fields=["result"], visible_to=BackgroundJob.objects.of
        )
        approvals.ready()
        register_notices()
