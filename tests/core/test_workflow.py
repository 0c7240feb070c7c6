from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from logistics.models import TransitionLog
from logistics.roles import Role
from logistics.templatetags.logistics import timeline
from tests.testapp.models import Ticket

from ..factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(school):
    return Ticket.objects.create(school=school, title="灯不亮")


def test_allowed_move_changes_status_and_logs_who_when_why(ticket, school):
    head = make_user(school, Role.LOGISTICS_HEAD, real_name="陈主任")
    entry = ticket.move_to("done", by=head, comment="已更换灯管")
    ticket.refresh_from_db()
    assert ticket.status == "done"
    assert (entry.from_state, entry.to_state, entry.by, entry.comment) == (
        "open",
        "done",
        head,
        "已更换灯管",
    )
    assert entry.school_id == school.pk and entry.at is not None


def test_refused_move_raises_and_changes_nothing(ticket, school):
    ticket.move_to("closed", by=None)
    with pytest.raises(ValidationError) as error:
        ticket.move_to("open", by=None)
    assert error.value.code == "transition_not_allowed"
    ticket.refresh_from_db()
    assert ticket.status == "closed"
    assert TransitionLog.objects.filter(object_id=ticket.pk).count() == 1


def test_timeline_lists_changes_in_order_with_labels(ticket, school):
    ticket.log_creation(by=None)
    ticket.move_to("done", by=None)
    ticket.move_to("open", by=None, comment="没修好")
    entries = ticket.timeline()
    assert [(e.from_state, e.to_state) for e in entries] == [
        ("", "open"),
        ("open", "done"),
        ("done", "open"),
    ]
    assert entries[-1].comment == "没修好"


def test_timeline_tag_renders_names_and_comments(ticket, school):
    head = make_user(school, Role.LOGISTICS_HEAD, real_name="陈主任")
    ticket.move_to("done", by=head, comment="已处理")
    context = timeline(ticket)
    assert len(context["entries"]) == 1
    from django.template.loader import render_to_string

    html = render_to_string("logistics/_timeline.html", context)
    assert "陈主任" in html and "已处理" in html


def test_transition_log_is_read_only_in_admin(ticket, school, client_for):
    admin = make_user(school, Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    entry = ticket.move_to("done", by=admin)
    client = client_for(admin)
    assert client.get(reverse("admin:logistics_transitionlog_add")).status_code == 403
    response = client.post(
        reverse("admin:logistics_transitionlog_delete", args=[entry.pk]),
        {"post": "yes"},
    )
    assert response.status_code == 403
    assert TransitionLog.objects.filter(pk=entry.pk).exists()
