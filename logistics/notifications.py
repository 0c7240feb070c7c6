"""In-app notifications and e-mail, sent only once the change that caused them commits."""

import contextlib
import contextvars
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification
from .scoping import school_id_of

logger = logging.getLogger(__name__)
_email_muted = contextvars.ContextVar("email_muted", default=False)


@contextlib.contextmanager
def email_muted():
    """No e-mail for what happens inside (demo data, imports); in-app notices stay."""
    token = _email_muted.set(True)
    try:
        yield
    finally:
        _email_muted.reset(token)


def notify(*, recipients, title, body="", url=""):
    """Tell each recipient something. Runs after the current transaction commits.

    ``title`` and ``body`` should already be in the words the recipients read;
    a refused or rolled-back action therefore notifies nobody.
    """
    people = [
        user
        for user in dict.fromkeys(recipients)
        if user is not None and user.is_active
    ]
    if not people:
        return

    send_email = settings.LOGISTICS["NOTIFY_BY_EMAIL"] and not _email_muted.get()

    def send():
        now = timezone.now()
        Notification.objects.bulk_create(
            Notification(
                school_id=school_id_of(user),
                recipient=user,
                title=str(title)[:200],
                body=str(body),
                url=url,
                created_at=now,
            )
            for user in people
            if school_id_of(user) is not None
        )
        if send_email:
            _send_mail(people, str(title), str(body), url)

    transaction.on_commit(send)


def _send_mail(people, title, body, url):
    addresses = [user.email for user in people if user.email]
    if not addresses:
        return
    text = f"{body}\n\n{url}" if url else body
    for address in addresses:
        try:
            send_mail(title, text, None, [address])
        except Exception:  # a mail server being down must not break the request
            logger.exception("could not e-mail %s", address)


def notification_mark_read(*, notification, by):
    """Mark one of the user's own notifications read."""
    if notification.recipient_id != by.pk:
        raise PermissionError("not the recipient")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, by):
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def settle(*, school_id, url, before):
    """Mark read what was said about ``url`` before ``before``: the thing it told of
    has moved on (an approval waiting for any director is no longer waiting once
    one of them decides). Runs after the current transaction commits, before the
    notices the same change sends."""
    if not url:
        return

    def run():
        Notification.objects.filter(
            school_id=school_id, url=url, read_at__isnull=True, created_at__lt=before
        ).update(read_at=timezone.now())

    transaction.on_commit(run)
