"""In-app notifications and e-mail, sent only once the change that caused them commits."""

import contextlib
import contextvars
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

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


def in_each_language(text):
    """{language: text} for the site's language and English.

    ``text`` is a string (the same in both) or a function returning the text,
    called once with each language active, so a notice reads in the language
    of whoever opens it: ``title=lambda: _("Job %(n)s") % {"n": number}``.
    """
    if not callable(text):
        return {settings.LANGUAGE_CODE: str(text), "en": str(text)}
    texts = {}
    for language in (settings.LANGUAGE_CODE, "en"):
        with translation.override(language):
            texts[language] = str(text())
    return texts


def notify(*, recipients, title, body="", url="", pending=False):
    """Tell each recipient something. Runs after the current transaction commits.

    ``title`` and ``body``: see ``in_each_language``; written now, from the
    state the change leaves, and stored in Chinese and English. ``pending``: the
    notice asks its readers to act on the document as it now stands, so it is
    read by itself once the document moves on (``settle``). A refused or
    rolled-back action notifies nobody.
    """
    people = [
        user
        for user in dict.fromkeys(recipients)
        if user is not None and user.is_active
    ]
    if not people:
        return

    send_email = settings.LOGISTICS["NOTIFY_BY_EMAIL"] and not _email_muted.get()
    titles, bodies = in_each_language(title), in_each_language(body)
    site = settings.LANGUAGE_CODE
    english = {
        "title_en": titles["en"][:200] if titles["en"] != titles[site] else "",
        "body_en": bodies["en"] if bodies["en"] != bodies[site] else "",
    }

    def send():
        now = timezone.now()
        Notification.objects.bulk_create(
            Notification(
                school_id=school_id_of(user),
                recipient=user,
                title=titles[site][:200],
                body=bodies[site],
                url=url,
                created_at=now,
                pending=pending,
                **english,
            )
            for user in people
            if school_id_of(user) is not None
        )
        if send_email:
            _send_mail(people, titles[site], bodies[site], url)

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
    """Mark read the notices sent before ``before`` that asked to act on ``url``:
    the document has moved on (an approval waiting for any director is no longer
    waiting once one of them decides). Notices that did not ask to act stay
    unread. Runs after the current transaction commits, before the notices the
    same change sends."""
    if not url:
        return

    def run():
        Notification.objects.filter(
            school_id=school_id,
            url=url,
            pending=True,
            read_at__isnull=True,
            created_at__lt=before,
        ).update(read_at=timezone.now())

    transaction.on_commit(run)
