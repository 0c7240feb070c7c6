from django.core import mail
from django.db import transaction
from django.urls import reverse

import pytest

from logistics.models import Notification
from logistics.notifications import notify
from logistics.roles import Role

from ..factories import make_user

pytestmark = pytest.mark.django_db


def test_notice_is_written_with_the_change_and_sent_only_after_commit(
    school, django_capture_on_commit_callbacks
):
    from logistics.notices.models import OutboxMessage

    user = make_user(school, Role.STAFF)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[user], title="维修已派单", body="张师傅将上门", url="/")
    # The bell and the outbox are written in the change's transaction; nothing
    # leaves the site before it commits.
    assert Notification.objects.count() == 1 and len(mail.outbox) == 0
    assert OutboxMessage.objects.filter(recipient=user, channel="email").exists()
    for callback in callbacks:
        callback()
    note = Notification.objects.get()
    assert (note.recipient, note.title, note.school_id) == (
        user,
        "维修已派单",
        school.pk,
    )
    assert mail.outbox[0].to == [user.email] and "张师傅将上门" in mail.outbox[0].body


def test_rolled_back_action_notifies_nobody(school, transactional_db):
    user = make_user(school, Role.STAFF)
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            notify(recipients=[user], title="不会发出")
            raise RuntimeError("the action failed")
    assert Notification.objects.count() == 0 and mail.outbox == []


def test_bell_shows_unread_count_and_marking_read_clears_it(school, client_for):
    user = make_user(school, Role.STAFF)
    other = make_user(school, Role.STAFF)
    for n in range(3):
        Notification.objects.create(school=school, recipient=user, title=f"n{n}")
    Notification.objects.create(school=school, recipient=other, title="not mine")
    client = client_for(user)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">3<' in page
    first = Notification.objects.filter(recipient=user).first()
    assert client.post(reverse("notification-read", args=[first.pk])).status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    client.post(reverse("notification-read-all"))
    assert (
        Notification.objects.filter(recipient=user, read_at__isnull=True).count() == 0
    )
    assert Notification.objects.get(recipient=other).read_at is None


def test_cannot_mark_someone_elses_notification(school, client_for):
    user, other = make_user(school, Role.STAFF), make_user(school, Role.STAFF)
    theirs = Notification.objects.create(school=school, recipient=other, title="theirs")
    response = client_for(user).post(reverse("notification-read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_read_follows_only_local_links(school, client_for):
    user = make_user(school, Role.STAFF)
    evil = Notification.objects.create(
        school=school, recipient=user, title="x", url="//evil.example/"
    )
    response = client_for(user).post(reverse("notification-read", args=[evil.pk]))
    assert response["Location"] == reverse("notification-list")


def test_bell_stops_counting_at_99_plus(school, client_for):
    user = make_user(school, Role.STAFF)
    Notification.objects.bulk_create(
        Notification(school=school, recipient=user, title=f"n{n}") for n in range(120)
    )
    page = client_for(user).get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">99+<' in page


def test_email_muted_keeps_in_app_notices_but_sends_no_mail(
    school, django_capture_on_commit_callbacks
):
    from logistics.notifications import email_muted

    user = make_user(school, Role.STAFF)
    with django_capture_on_commit_callbacks(execute=True), email_muted():
        notify(recipients=[user], title="演示数据")
    assert Notification.objects.filter(recipient=user).count() == 1
    assert mail.outbox == []


def test_seed_demo_sends_no_mail(db):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    assert mail.outbox == []


def test_notices_about_a_document_that_moved_on_are_settled(
    school, people, location, django_capture_on_commit_callbacks
):
    """Two directors are asked to approve; once one decides, the other's notice is
    no longer waiting; the proposer's news of the decision stays unread."""
    from assets import services
    from logistics.roles import Role
    from tests.assets.factories import AssetFactory
    from tests.factories import make_user

    second_director = make_user(school, Role.DIRECTOR)
    head, director = people["logistics_head"], people["director"]
    asset = AssetFactory(school=school, location=location)
    with django_capture_on_commit_callbacks(execute=True):
        disposal = services.disposal_propose(
            asset=asset, by=head, method="scrap", reason="屏幕损坏"
        )
    asked = Notification.objects.filter(recipient__in=[director, second_director])
    assert asked.count() == 2 and not asked.filter(read_at__isnull=False).exists()
    with django_capture_on_commit_callbacks(execute=True):
        # News that asks nothing of the document's state (say, money to collect).
        notify(recipients=[second_director], title="x", url=disposal.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.disposal_approve(disposal=disposal, by=director)
    assert not asked.filter(pending=True, read_at__isnull=True).exists()
    assert asked.get(pending=False).read_at is None
    news = Notification.objects.get(recipient=head)
    assert news.read_at is None and news.url == disposal.get_absolute_url()
    # Another document's notices are left alone.
    other = AssetFactory(school=school, location=location)
    with django_capture_on_commit_callbacks(execute=True):
        services.disposal_propose(asset=other, by=head, method="scrap", reason="坏")
    assert (
        Notification.objects.filter(
            recipient=second_director, pending=True, read_at__isnull=True
        ).count()
        == 1
    )


def test_a_notice_reads_in_the_language_of_whoever_opens_it(
    school, client_for, django_capture_on_commit_callbacks
):
    from django.utils.translation import gettext as _

    from tests.factories import make_user

    reader = make_user(school)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[reader],
            title=lambda: _("Home") + " · 42",
            body="维修工已到场",  # typed by a person: the same in both
        )
    note = Notification.objects.get(recipient=reader)
    assert (note.title, note.title_en) == ("首页 · 42", "Home · 42")
    assert (note.body, note.body_en) == ("维修工已到场", "")
    client = client_for(reader)
    assert "首页 · 42" in client.get(reverse("notification-list")).content.decode()
    client.cookies["django_language"] = "en"
    page = client.get(reverse("notification-list")).content.decode()
    assert "Home · 42" in page and "维修工已到场" in page
