from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from repairs.services import repair_requests_auto_confirm


class Command(BaseCommand):
    help = "Confirm repairs left unconfirmed after 'done' (meant for cron, e.g. daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=(
                "Days after 'done' for every school (default: each school's own "
                "rule, else settings.REPAIRS['AUTO_CONFIRM_DAYS'] or 7)."
            ),
        )

    def handle(self, *args, days=None, **options):
        count = repair_requests_auto_confirm(days=days)
        self.stdout.write(
            _("%(count)d repair requests confirmed automatically.") % {"count": count}
        )
