"""Notices: the bell inside the site, and the outbox that takes them outside.

``notify()`` writes, in the transaction of the change it reports, one bell row per
recipient and the outbox rows: one per recipient with an e-mail address, and one
per school for its group robots. Both are single ``INSERT … SELECT`` statements,
so a notice costs the transaction two queries whatever the number of recipients
(the recipients' schools, addresses and departments are read by the database
itself, not one profile at a time). The worker sends the outbox once the
change has committed (``logistics/notices/delivery.py``); a rolled-back change
leaves nothing behind.
"""

import contextlib
import contextvars
import logging
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

from .models import Notification, Profile

logger = logging.getLogger(__name__)
_email_muted = contextvars.ContextVar("email_muted", default=False)

# The kind of the notices that do not belong to an app's pages (downloads…).
GENERAL = "logistics"
REMINDERS = "reminders"


@contextlib.contextmanager
def email_muted():
    """Nothing leaves the site for what happens inside (demo data, imports): no
    e-mail and no group message; the bell still rings."""
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


def notice_kind(url):
    """The kind of a notice, for people's preferences: the label of the app whose
    page it links to, else ``GENERAL``."""
    if not url:
        return GENERAL
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return GENERAL
    for namespace in match.namespaces[:1]:
        if apps.is_installed(namespace) or any(
            config.label == namespace for config in apps.get_app_configs()
        ):
            return namespace
    return GENERAL


def notify(
    *,
    recipients,
    title,
    body="",
    url="",
    pending=False,
    urgent=False,
    kind=None,
    department=None,
    private=False,
):
    """Tell each recipient something, in the bell and through the outbox.

    ``title`` and ``body``: see ``in_each_language``; written now, from the
    state the change leaves, and stored in Chinese and English. ``pending``: the
    notice asks its readers to act on the document as it now stands, so it is
    read by itself once the document moves on (``settle``). ``urgent``: sent at
    once whatever the recipients chose (an emergency, a hazard, a deadline
    passed). ``kind``: what people choose by on their preferences page (default:
    the app the link leads to). ``department``: the department whose group robot
    should hear of it (default: the recipients' departments). ``private``: never
    to a group (a person's own download). A refused or rolled-back action
    notifies nobody.
    """
    people = {
        user.pk: user
        for user in recipients
        if user is not None and user.is_active and user.pk is not None
    }
    if not people:
        return
    ids = list(people)
    titles, bodies = in_each_language(title), in_each_language(body)
    site = settings.LANGUAGE_CODE
    now = timezone.now()
    _insert_for_recipients(
        Notification,
        ids,
        {
            "title": titles[site][:200],
            "body": bodies[site],
            "title_en": titles["en"][:200] if titles["en"] != titles[site] else "",
            "body_en": bodies["en"] if bodies["en"] != bodies[site] else "",
            "url": url,
            "pending": pending,
            "created_at": now,
        },
    )
    if _email_muted.get():
        return
    from .notices.delivery import kick
    from .notices.models import Channel, OutboxMessage

    common = {
        "kind": (kind or notice_kind(url))[:40],
        "title": titles[site][:200],
        "body": bodies[site],
        "url": url,
        "urgent": urgent,
        "status": "waiting",
        "attempts": 0,
        "next_attempt_at": now,
        "last_error": "",
        "created_at": now,
    }
    _insert_for_recipients(
        OutboxMessage,
        ids,
        {
            **common,
            "channel": Channel.EMAIL,
            "recipient_ids": [],
            "department_id_hint": None,
        },
        with_email=True,
        skip=not settings.LOGISTICS["NOTIFY_BY_EMAIL"],
        per_school=None
        if private
        else {
            **common,
            "channel": Channel.ROBOTS,
            "recipient_ids": ids,
            "department_id_hint": getattr(department, "pk", department),
        },
    )
    transaction.on_commit(kick)


def _insert_for_recipients(
    model, user_ids, values, *, with_email=False, skip=False, per_school=None
):
    """One ``INSERT INTO model (…) SELECT …`` with a row per recipient who has a
    profile (``school_id`` and ``recipient_id`` from it), ``with_email``: only
    those with an e-mail address, ``skip``: none; and ``per_school``: values of one
    more row per school of the recipients (``recipient_id`` empty).

    Raw SQL because the ORM inserts only rows it was given; reading the
    recipients' profiles first would cost a query per notice (or one per
    recipient), in the transaction of the change."""
    if skip and per_school is None:
        return
    profile = Profile._meta
    user_table = get_user_model()._meta.db_table
    quote = connection.ops.quote_name
    columns = list(values)
    fields = [model._meta.get_field(name) for name in columns]
    target = ", ".join(
        quote(model._meta.get_field(name).column)
        for name in ("school", "recipient", *columns)
    )
    school_col = f"p.{quote(profile.get_field('school').column)}"
    user_col = f"p.{quote(profile.get_field('user').column)}"
    marks = ", ".join(["%s"] * len(user_ids))

    def constants(row):
        # A NULL typed by the column, so that a UNION of two NULLs is not text.
        return [
            f"CAST(%s AS {field.db_type(connection)})"
            if row[field.name] is None
            else "%s"
            for field in fields
        ], [field.get_db_prep_save(row[field.name], connection) for field in fields]

    selects, params = [], []
    if not skip:
        sql_values, row_params = constants(values)
        join = ""
        where = f"{user_col} IN ({marks})"
        if with_email:
            join = f" INNER JOIN {quote(user_table)} u ON u.{quote('id')} = {user_col}"
            where += f" AND u.{quote('email')} <> ''"
        selects.append(
            f"SELECT {school_col}, {user_col}, {', '.join(sql_values)} "
            f"FROM {quote(profile.db_table)} p{join} WHERE {where}"
        )
        params += [*row_params, *user_ids]
    if per_school is not None:
        sql_values, row_params = constants(per_school)
        recipient_type = model._meta.get_field("recipient").db_type(connection)
        selects.append(
            f"SELECT {school_col}, CAST(NULL AS {recipient_type}), "
            f"{', '.join(sql_values)} FROM {quote(profile.db_table)} p "
            f"WHERE {user_col} IN ({marks}) GROUP BY {school_col}"
        )
        params += [*row_params, *user_ids]
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({target}) " + " UNION ALL ".join(
        selects
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


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
    unread. Runs after the current transaction commits."""
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
