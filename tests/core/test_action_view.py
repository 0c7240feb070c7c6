from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import Http404
from django.test import RequestFactory

import pytest

from logistics.roles import Role
from logistics.views import WorkflowActionView
from tests.testapp.models import Ticket

from ..factories import make_user

pytestmark = pytest.mark.django_db


class CloseTicket(WorkflowActionView):
    permission_required = "logistics.view_location"
    model = Ticket
    success_message = "closed"

    def act(self, ticket, data):
        ticket.move_to("closed", by=self.request.user)

    def get_success_url(self):
        return "/tickets/"


def _post(user, pk):
    request = RequestFactory().post("/x/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request, CloseTicket.as_view()(request, pk=pk)


def test_allowed_action_moves_and_says_so(school):
    ticket = Ticket.objects.create(school=school, title="t")
    request, response = _post(make_user(school, Role.STAFF), ticket.pk)
    ticket.refresh_from_db()
    assert response.status_code == 302 and ticket.status == "closed"
    assert [str(m) for m in get_messages(request)] == ["closed"]


def test_refused_action_changes_nothing_and_explains(school):
    ticket = Ticket.objects.create(school=school, title="t", status="closed")
    request, response = _post(make_user(school, Role.STAFF), ticket.pk)
    assert response.status_code == 302
    [message] = list(get_messages(request))
    assert message.level_tag == "error" and "closed" in str(message)
    assert Ticket.objects.get(pk=ticket.pk).status == "closed"


def test_other_schools_document_is_404(school, other_school):
    ticket = Ticket.objects.create(school=other_school, title="t")
    with pytest.raises(Http404):
        _post(make_user(school, Role.STAFF), ticket.pk)
    assert Ticket.objects.get(pk=ticket.pk).status == "open"


def test_get_is_not_allowed(school):
    ticket = Ticket.objects.create(school=school, title="t")
    request = RequestFactory().get("/x/")
    request.user = make_user(school, Role.STAFF)
    assert CloseTicket.as_view()(request, pk=ticket.pk).status_code == 405
