"""The worker's side of the outbox: claim due rows, send, record, retry, give up.

Every row moves through conditional UPDATEs, so two workers (or a worker and the
clock, ``manage.py notices_tick``) never take the same row:

- a batch is claimed (``waiting`` → ``claimed``, with a token of this run);
- just before its request goes out a row turns ``sending`` (and counts the
  attempt); after it, ``sent``, or back to ``waiting`` with a later
  ``next_attempt_at`` (1, 2, 4 … minutes), or ``failed`` after the last attempt;
- a row left ``claimed`` by a worker that stopped was never tried: it waits again
  once its lease runs out. A row left ``sending`` may have arrived (the worker
  stopped between sending and recording): it turns ``interrupted`` and is not sent
  again by itself, so nobody gets a notice twice; the administrator sees it on the
  outbox page and may resend it. Only that one row per stopped worker is in doubt.

A channel that certainly failed (no connection, an error answer) is retried; one
that may have received the notice (the request went out, no answer came) is
treated like a stopped worker. Rows are read a batch at a time, never the whole
outbox.
"""

import datetime
import logging
import uuid
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Profile
from .channels import MaybeDelivered, Undelivered, send_email, send_to_robot
from .models import (
    Channel,
    DeliveryMode,
    NoticePreference,
    OutboxMessage,
    OutboxStatus,
    Robot,
)

logger = logging.getLogger(__name__)

S = OutboxStatus
DIGEST_KIND = "digest"
BATCH = 50
DEFAULTS = {
    "OUTBOX_MAX_ATTEMPTS": 6,
    "OUTBOX_FIRST_RETRY_SECONDS": 60,
    "OUTBOX_LONGEST_RETRY_SECONDS": 6 * 3600,
    # Longer than a batch can take (BATCH × the channels' timeout).
    "OUTBOX_LEASE_SECONDS": 15 * 60,
}


def setting(name):
    return settings.LOGISTICS.get(name, DEFAULTS[name])


def backoff(attempt):
    """Seconds to wait after the ``attempt``-th failure: 60, 120, 240… capped."""
    first = setting("OUTBOX_FIRST_RETRY_SECONDS")
    return min(first * 2 ** (attempt - 1), setting("OUTBOX_LONGEST_RETRY_SECONDS"))


def kick():
    """Ask the worker to send what is due (after the change commits). If the
    queue cannot take it, the clock (``notices_tick``) sends it a minute later."""
    from .tasks import deliver_notices

    try:
        deliver_notices.enqueue()
    except Exception:  # the rows are safe in the outbox; the clock will send them
        logger.exception("could not queue the notice worker")


# -- the run ------------------------------------------------------------------------


def outbox_deliver(*, now=None, batch_size=BATCH):
    """Send every row that is due, a batch at a time; returns what happened
    (a Counter of statuses). ``now``: the time to act at (tests)."""
    outbox_recover(now=now)
    done = Counter()
    while True:
        at = now or timezone.now()
        rows = _claim(at, batch_size)
        if not rows:
            return done
        preferences = {
            pref.user_id: pref
            for pref in NoticePreference.objects.filter(
                user_id__in={row.recipient_id for row in rows if row.recipient_id}
            )
        }
        for row in rows:
            done[_deliver(row, preferences, at)] += 1


def _claim(at, size):
    ids = list(
        OutboxMessage.objects.filter(status=S.WAITING, next_attempt_at__lte=at)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:size]
    )
    if not ids:
        return []
    token = uuid.uuid4()
    OutboxMessage.objects.filter(id__in=ids, status=S.WAITING).update(
        status=S.CLAIMED, claim=token, claimed_at=at
    )
    rows = list(
        OutboxMessage.objects.filter(claim=token, status=S.CLAIMED)
        .select_related("recipient", "robot")
        .order_by("id")
    )
    if not rows:
        # Another worker took this batch first; look again.
        return _claim(at, size)
    return rows


def outbox_recover(*, now=None):
    """Rows whose worker stopped: never tried → waiting again; caught while
    sending → interrupted (may have arrived; not sent again by itself)."""
    at = now or timezone.now()
    stale = at - datetime.timedelta(seconds=setting("OUTBOX_LEASE_SECONDS"))
    OutboxMessage.objects.filter(status=S.CLAIMED, claimed_at__lt=stale).update(
        status=S.WAITING, claim=None
    )
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("The worker stopped while sending it: it may have arrived.")
    OutboxMessage.objects.filter(status=S.SENDING, claimed_at__lt=stale).update(
        status=S.INTERRUPTED, claim=None, last_error=reason
    )


def _mine(row):
    return OutboxMessage.objects.filter(pk=row.pk, claim=row.claim)


def _deliver(row, preferences, at):
    if row.channel == Channel.ROBOTS:
        return _route(row, at)
    if row.channel == Channel.ROBOT:
        robot = row.robot
        if robot is None or not robot.is_active:
            return _finish(row, S.SKIPPED, error=_("The robot was removed."))
        return _send(
            row,
            at,
            lambda: send_to_robot(
                robot, title=row.title, body=row.body, url=row.url, urgent=row.urgent
            ),
        )
    user = row.recipient
    if user is None or not user.is_active or not user.email:
        return _finish(row, S.SKIPPED)
    if row.kind != DIGEST_KIND and not row.urgent:
        preference = preferences.get(user.pk)
        mode = preference.mode_for(row.kind) if preference else DeliveryMode.NOW
        if mode == DeliveryMode.OFF:
            return _finish(row, S.SKIPPED)
        if mode == DeliveryMode.DIGEST:
            _mine(row).filter(status=S.CLAIMED).update(
                status=S.HELD,
                claim=None,
                next_attempt_at=next_digest_at(preference.digest_time, at),
            )
            return S.HELD
    return _send(
        row,
        at,
        lambda: send_email(
            address=user.email, title=row.title, body=row.body, url=row.url
        ),
    )


def _send(row, at, send):
    started = (
        _mine(row)
        .filter(status=S.CLAIMED)
        .update(status=S.SENDING, attempts=F("attempts") + 1, claimed_at=at)
    )
    if not started:
        return "lost"
    attempt = row.attempts + 1
    try:
        send()
    except MaybeDelivered as error:
        return _finish(row, S.INTERRUPTED, error=str(error), sending=True)
    except Undelivered as error:
        return _failed(row, at, attempt, str(error))
    except Exception as error:  # a bug must not stop the other notices
        logger.exception("outbox row %s could not be sent", row.pk)
        return _failed(row, at, attempt, repr(error))
    return _mark_sent(row, at)


def _mark_sent(row, at):
    _mine(row).filter(status=S.SENDING).update(
        status=S.SENT, sent_at=at, claim=None, last_error=""
    )
    return S.SENT


def _failed(row, at, attempt, error):
    if attempt >= setting("OUTBOX_MAX_ATTEMPTS"):
        logger.warning("outbox row %s given up: %s", row.pk, error)
        return _finish(row, S.FAILED, error=error, sending=True)
    _mine(row).filter(status=S.SENDING).update(
        status=S.WAITING,
        claim=None,
        last_error=error[:500],
        next_attempt_at=at + datetime.timedelta(seconds=backoff(attempt)),
    )
    return "retry"


def _finish(row, status, *, error="", sending=False):
    _mine(row).filter(status=S.SENDING if sending else S.CLAIMED).update(
        status=status, claim=None, last_error=str(error)[:500]
    )
    return status


# -- group robots -------------------------------------------------------------------


def _route(row, at):
    """Turn a notice's robots row into one row per robot that should get it: the
    school's groups, and the groups of the department named by the caller or else
    of the recipients' departments; urgent-only groups get urgent ones."""
    if row.department_id_hint:
        departments = {row.department_id_hint}
    else:
        departments = set(
            Profile.objects.filter(
                user_id__in=row.recipient_ids,
                school_id=row.school_id,
                department__isnull=False,
            ).values_list("department_id", flat=True)
        )
    robots = Robot.objects.filter(school_id=row.school_id, is_active=True).filter(
        Q(department__isnull=True) | Q(department_id__in=departments)
    )
    if not row.urgent:
        robots = robots.filter(urgent_only=False)
    with transaction.atomic():
        # Deleting the row is the claim: a second worker deletes nothing.
        taken, _counts = _mine(row).filter(status=S.CLAIMED).delete()
        if not taken:
            return "lost"
        OutboxMessage.objects.bulk_create(
            OutboxMessage(
                school_id=row.school_id,
                channel=Channel.ROBOT,
                robot=robot,
                kind=row.kind,
                title=row.title,
                body=row.body,
                url=row.url,
                urgent=row.urgent,
                created_at=row.created_at,
                next_attempt_at=at,
            )
            for robot in robots
        )
    return "routed"


# -- digests ------------------------------------------------------------------------


def next_digest_at(digest_time, at):
    """The first moment at ``digest_time`` (the site's time zone) after ``at``."""
    local = timezone.localtime(at)
    moment = datetime.datetime.combine(local.date(), digest_time, tzinfo=local.tzinfo)
    if moment <= local:
        moment = datetime.datetime.combine(
            local.date() + datetime.timedelta(days=1), digest_time, tzinfo=local.tzinfo
        )
    return moment


def outbox_digests(*, now=None):
    """Gather each person's held notices whose digest time has come into one
    e-mail (an outbox row of its own, sent and retried like any other)."""
    at = now or timezone.now()
    made = 0
    due = OutboxMessage.objects.filter(status=S.HELD, next_attempt_at__lte=at)
    while True:
        recipient_id = (
            due.order_by("recipient_id").values_list("recipient_id", flat=True).first()
        )
        if recipient_id is None:
            return made
        if _digest_for(recipient_id, due, at):
            made += 1


def _digest_for(recipient_id, due, at):
    with transaction.atomic():
        held = list(
            due.filter(recipient_id=recipient_id)
            .select_for_update()
            .order_by("created_at", "id")
        )
        if not held:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            title = ngettext(
                "Daily digest: %(count)d notice",
                "Daily digest: %(count)d notices",
                len(held),
            ) % {"count": len(held)}
            body = "\n\n".join(_digest_line(row) for row in held)
        digest = OutboxMessage.objects.create(
            school_id=held[0].school_id,
            channel=Channel.EMAIL,
            recipient_id=recipient_id,
            kind=DIGEST_KIND,
            title=title[:200],
            body=body,
            next_attempt_at=at,
        )
        OutboxMessage.objects.filter(
            pk__in=[row.pk for row in held], status=S.HELD
        ).update(status=S.IN_DIGEST, digest=digest, sent_at=at)
    return True


def _digest_line(row):
    from .channels import absolute

    when = timezone.localtime(row.created_at).strftime("%m-%d %H:%M")
    lines = [f"• {when} {row.title}"]
    if row.body:
        lines.append(f"  {row.body}")
    if row.url:
        lines.append(f"  {absolute(row.url)}")
    return "\n".join(lines)


# -- the administrator ----------------------------------------------------------------


@transaction.atomic
def outbox_resend(*, message, by):
    """Send a failed or interrupted notice again, from its first attempt."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from ..scoping import school_id_of

    if not by.has_perm("logistics.resend_outboxmessage"):
        raise PermissionDenied
    row = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if row.school_id != school_id_of(by):
        raise PermissionDenied
    if not row.resendable:
        raise ValidationError(_("Only failed or interrupted notices can be resent."))
    row.status, row.attempts, row.claim = S.WAITING, 0, None
    row.next_attempt_at = timezone.now()
    row.save(update_fields=["status", "attempts", "claim", "next_attempt_at"])
    transaction.on_commit(kick)
    return row


def run_clock(*, now=None):
    """What ``notices_tick`` does each minute: the digests and reminders that are
    due, then every notice that is due (retries included)."""
    from .reminders import reminders_send

    at = now or timezone.now()
    outbox_recover(now=at)
    digests = outbox_digests(now=at)
    try:
        reminded = reminders_send(now=at)
    except IntegrityError:  # another clock reminded at the same moment
        reminded = 0
    sent = outbox_deliver(now=now)
    return {"digests": digests, "reminders": reminded, "delivered": sent}
