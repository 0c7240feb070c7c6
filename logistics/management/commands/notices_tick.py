"""The notices' clock: digests, reminders and retries that are due.

Run it every minute (cron, or ``--every 60`` under systemd)::

    * * * * * cd /srv/logistics && set -a && . ./.env && .venv/bin/python manage.py notices_tick

Why a clock and not tasks queued with ``run_after``: a notice is sent by the
worker right after the change commits (``deliver_notices``), but retries, digests
and reminders are due at times nobody is acting. A chain of tasks that queue
their successor breaks silently when a worker is killed while running one (the
task stays "running" and never queues the next), after which digests and
reminders would simply stop; and every change would have to look for an already
queued successor, or the successors multiply. A clock outside the queue starts
afresh each minute and needs no bookkeeping. It is safe beside the worker and
beside another clock: rows are claimed with conditional updates.
"""

import time

from django.core.management.base import BaseCommand

from logistics.notices.delivery import run_clock


class Command(BaseCommand):
    help = "Send the notices, digests and reminders that are due (run every minute)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            default=0,
            metavar="SECONDS",
            help="keep running, once every SECONDS (for systemd or `make run`)",
        )

    def handle(self, *args, every, verbosity, **options):
        while True:
            done = run_clock()
            delivered = sum(done["delivered"].values())
            if verbosity > 1 or (verbosity and (delivered or done["reminders"])):
                self.stdout.write(
                    f"notices: {delivered} handled, {done['digests']} digests, "
                    f"{done['reminders']} reminders"
                )
            if not every:
                return
            time.sleep(every)
