"""The core's declared workflows: statuses with tone and group, actions, refusals,
the table built from them, notes on the timeline and the status filter."""

from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory

import pytest

from logistics.filtersets import StatusFilter
from logistics.models import TransitionLog
from logistics.roles import Role
from logistics.workflow import Action, Statuses, StatusGroup, Workflow, note
from tests.testapp.models import Ticket, TicketStatus

from ..factories import make_user

pytestmark = pytest.mark.django_db

T = TicketStatus
STATUSES = Statuses(
    TicketStatus,
    {
        T.OPEN: ("primary", StatusGroup.OPEN),
        T.DONE: ("success", StatusGroup.WAITING),
        T.CLOSED: ("secondary", StatusGroup.FINISHED),
    },
)


def only_the_author(ticket, user):
    return None if ticket.title == user.username else "not your ticket"


WORKFLOW = Workflow(
    statuses=STATUSES,
    document_kwarg="ticket",
    actions=[
        Action(
            name="finish",
            label="Finish",
            service="unused",
            sources=frozenset({T.OPEN}),
            target=T.DONE,
            permission="logistics.view_location",
            forbidden="only staff finish",
            condition=only_the_author,
        ),
        Action(
            name="close",
            label="Close",
            service="unused",
            sources=frozenset({T.OPEN, T.DONE}),
            target=T.CLOSED,
        ),
        Action(name="comment", label="Comment", service="unused"),
    ],
)


def test_statuses_carry_tone_and_group_and_name_the_unfinished():
    assert STATUSES.tone(T.DONE) == "success"
    assert STATUSES.group(T.CLOSED) == StatusGroup.FINISHED
    assert STATUSES.unfinished == {T.OPEN, T.DONE}
    assert STATUSES.finished == {T.CLOSED}


def test_a_status_without_tone_and_group_is_refused_at_declaration():
    with pytest.raises(ValueError, match="closed"):
        Statuses(TicketStatus, {T.OPEN: ("primary", "open"), T.DONE: ("x", "open")})


def test_an_action_declared_twice_is_refused():
    with pytest.raises(ValueError, match="twice"):
        Workflow(
            statuses=STATUSES,
            document_kwarg="ticket",
            actions=[Action("a", "A", "s"), Action("a", "A", "s")],
        )


def test_transitions_are_built_from_the_actions_that_move():
    assert WORKFLOW.transitions == {
        T.OPEN: {T.DONE, T.CLOSED},
        T.DONE: {T.CLOSED},
        T.CLOSED: frozenset(),
    }


def test_refusals_say_why_status_first_then_school_permission_condition(
    school, other_school
):
    author = make_user(school, Role.STAFF, username="amy")
    other = make_user(school, Role.STAFF, username="bob")
    outsider = make_user(other_school, Role.STAFF, username="amy2")
    no_role = make_user(school, username="cid")
    ticket = Ticket.objects.create(school=school, title="amy")
    assert WORKFLOW.refusal(ticket, author, "finish") is None
    assert WORKFLOW.refusal(ticket, other, "finish") == "not your ticket"
    assert WORKFLOW.refusal(ticket, no_role, "finish") == "only staff finish"
    with pytest.raises(ValidationError) as refused:
        WORKFLOW.check(ticket, outsider, "finish")
    assert refused.value.code == "other_school"
    ticket.status = T.CLOSED
    with pytest.raises(ValidationError) as refused:
        WORKFLOW.check(ticket, author, "finish")
    assert refused.value.code == "transition_not_allowed"


def test_available_actions_are_those_allowed_in_declaration_order(school):
    author = make_user(school, Role.STAFF, username="amy")
    ticket = Ticket.objects.create(school=school, title="amy")
    assert [a.name for a in WORKFLOW.available(ticket, author)] == [
        "finish",
        "close",
        "comment",
    ]
    ticket.status = T.DONE
    assert [a.name for a in WORKFLOW.available(ticket, author)] == [
        "close",
        "comment",
    ]


def test_a_note_goes_on_the_timeline_without_moving_the_document(school):
    head = make_user(school, Role.LOGISTICS_HEAD)
    ticket = Ticket.objects.create(school=school, title="t")
    ticket.log_creation(by=head)
    note(ticket, by=head, text="已电话联系")
    ticket.refresh_from_db()
    assert ticket.status == T.OPEN
    entries = ticket.timeline()
    assert [e.is_note for e in entries] == [False, True]
    assert entries[-1].comment == "已电话联系" and entries[-1].by == head
    assert TransitionLog.objects.for_object(ticket).count() == 2


def test_status_filter_offers_groups_first_and_filters_by_them(school):
    Ticket.objects.create(school=school, title="a", status=T.OPEN)
    Ticket.objects.create(school=school, title="b", status=T.DONE)
    Ticket.objects.create(school=school, title="c", status=T.CLOSED)
    status = StatusFilter(STATUSES, field_name="status")
    keys = [key for key, _label in status.extra["choices"]]
    assert keys[:2] == ["unfinished", "finished"] and keys[2:] == T.values
    titles = lambda qs: sorted(qs.values_list("title", flat=True))  # noqa: E731
    assert titles(status.by_group(Ticket.objects.all(), "status", "unfinished")) == [
        "a",
        "b",
    ]
    assert titles(status.by_group(Ticket.objects.all(), "status", "closed")) == ["c"]


def test_status_badge_reads_the_tone_from_the_declaration():
    ticket = SimpleNamespace(statuses=STATUSES, current_status=T.DONE)
    html = Template("{% load logistics %}{% status_badge ticket %}").render(
        Context({"ticket": ticket, "request": RequestFactory().get("/")})
    )
    assert "text-bg-success" in html and "done" in html


def test_a_status_badge_is_made_once_per_language_and_reads_right_in_each():
    from django.utils import translation

    from assets.choices import AssetStatus
    from assets.models import Asset

    card = Asset(status=AssetStatus.IN_USE)
    template = Template('{% load logistics %}{% status_badge card classes="x" %}')
    seen = {}
    for language in ("zh-hans", "en", "zh-hans", "en"):
        with translation.override(language):
            html = template.render(Context({"card": card}))
            seen.setdefault(language, html)
            assert html == seen[language]
            assert str(AssetStatus.IN_USE.label) in html
    assert seen["zh-hans"] != seen["en"]
    assert 'class="badge x text-bg-' in seen["en"]
