"""The worker's task for notices: send what is due now.

Queued after every change that writes outbox rows (``delivery.kick``). Retries,
digests and reminders are timed by the clock, ``manage.py notices_tick``, not by
tasks queued with ``run_after`` (see that command for why).
"""

from django_tasks import task


@task()
def deliver_notices():
    from .delivery import outbox_deliver

    outbox_deliver()
