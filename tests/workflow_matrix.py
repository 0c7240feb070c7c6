"""The table-driven walk of a declared workflow: status × person × action.

For every status a document can be in, every person of the cast and every action
the workflow declares, three answers must agree:

- the button is shown on the document's page (the page loops over the available
  actions);
- the workflow allows it (the same check the service makes before acting);
- the POST succeeds: it answers with a redirect, says nothing went wrong, and does
  what the action says (moves to its status, or records its effect).

A refused POST changes nothing: the document's snapshot is the same afterwards.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass
class Cast:
    """The people of one walk, by name, and a logged-in client for each."""

    people: dict
    clients: dict


@dataclass
class Matrix:
    workflow: object
    # status -> a new document in that status (built directly, no services)
    make: Callable
    # (action name, document, cast) -> form data that the form accepts
    data: Callable
    # action name -> callable(before, after, user) -> True when its effect shows;
    # before and after are snapshots
    effects: dict
    # document -> a dict of everything an action could change
    snapshot: Callable
    # actions whose view looks the document up more widely than its page does
    # (e.g. following a request one cannot open yet)
    wider: frozenset = frozenset()
    # what a refused POST may answer: a redirect with the reason, 403/404, or (a
    # form page of its own) the form again with the reason
    refused_status: frozenset = frozenset({302, 403, 404})

    def reload(self, document):
        return type(document).objects.get(pk=document.pk)

    def url(self, document, action):
        return reverse(self.workflow.url_name(action), args=[document.pk])

    def shown(self, client, document):
        """The names of the actions the document's page offers (None: no page)."""
        response = client.get(document.get_absolute_url())
        if response.status_code != 200:
            return None
        return {bound.name for bound in response.context["actions"]}

    def walk(self, status, cast):
        """Every person × action on a document in ``status``; returns what it saw."""
        seen = []
        refused_document = self.make(status)
        for name, user in cast.people.items():
            client = cast.clients[name]
            offered = self.shown(client, refused_document)
            for action in self.workflow.actions:
                allowed = self.workflow.allows(refused_document, user, action.name)
                if offered is not None:
                    assert (action.name in offered) == allowed, (
                        status,
                        name,
                        action.name,
                        "shown" if action.name in offered else "not shown",
                        self.workflow.refusal(refused_document, user, action.name),
                    )
                elif allowed:
                    assert action.name in self.wider, (status, name, action.name)
                if allowed:
                    self.succeeds(status, name, user, client, action, cast)
                else:
                    self.changes_nothing(
                        status, name, client, action, refused_document, cast
                    )
                seen.append((name, action.name, allowed))
        return seen

    def succeeds(self, status, name, user, client, action, cast):
        document = self.make(status)
        before = self.snapshot(self.reload(document))
        response = client.post(
            self.url(document, action), self.data(action.name, document, cast)
        )
        # Only what this request said (earlier messages wait in the session).
        added = response.wsgi_request._messages._queued_messages
        errors = [str(m) for m in added if m.level_tag == "error"]
        context_errors = self._form_errors(response)
        assert response.status_code == 302 and not errors, (
            status,
            name,
            action.name,
            response.status_code,
            errors or context_errors,
        )
        after = self.snapshot(self.reload(document))
        if action.target is not None:
            assert after["status"] == action.target, (status, name, action.name)
        effect = self.effects.get(action.name)
        if effect is not None:
            assert effect(before, after, user), (status, name, action.name, after)

    def changes_nothing(self, status, name, client, action, document, cast):
        before = self.snapshot(self.reload(document))
        response = client.post(
            self.url(document, action), self.data(action.name, document, cast)
        )
        assert response.status_code in self.refused_status, (
            status,
            name,
            action.name,
            response.status_code,
        )
        assert self.snapshot(self.reload(document)) == before, (
            status,
            name,
            action.name,
        )

    @staticmethod
    def _form_errors(response):
        context = getattr(response, "context", None)
        if not context or "actions" not in context:
            return None
        return {
            bound.name: bound.form.errors
            for bound in context["actions"]
            if bound.form is not None and bound.form.errors
        }
