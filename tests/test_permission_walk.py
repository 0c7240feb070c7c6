"""Every URL × every role: anonymous → login, wrong role → 403/404, right role → 200.

The URLs come from the resolver, the expectations from each app's tests/<app>/access.py;
a URL missing from those tables fails the walk.
"""

import importlib
import pkgutil
from urllib.parse import urlparse

from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

import tests
from logistics.roles import Role

from .access import ANY
from .factories import LocationFactory, make_user

SKIPPED_NAMESPACES = {"admin"}


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def served_url_names():
    return sorted(set(_walk(get_resolver().url_patterns)))


def access_tables():
    table = {}
    for module in pkgutil.iter_modules(tests.__path__):
        if not module.ispkg:
            continue
        try:
            access = importlib.import_module(f"tests.{module.name}.access")
        except ModuleNotFoundError as error:
            if error.name != f"tests.{module.name}.access":
                raise
            continue
        overlap = table.keys() & access.ACCESS.keys()
        assert not overlap, f"URL names declared twice: {overlap}"
        table.update(access.ACCESS)
    return table


class World:
    """The people and places of two schools that the walk acts in."""

    def __init__(self, school, other_school):
        self.schools = (school, other_school)
        self.people = {
            s.pk: {role.value: make_user(s, role) for role in Role}
            for s in self.schools
        }
        self._locations = {}
        self._actor = None

    def user(self, school, role):
        return self.people[school.pk][role]

    def actor(self, school):
        """The user making the request (or, in another school, someone in their role)."""
        role = next(
            r for r, u in self.people[self._actor_school.pk].items() if u == self._actor
        )
        return self.people[school.pk][role]

    def act_as(self, user, school):
        self._actor, self._actor_school = user, school

    def location(self, school):
        if school.pk not in self._locations:
            self._locations[school.pk] = LocationFactory(
                school=school, building__campus__school=school
            )
        return self._locations[school.pk]


def test_every_url_is_in_an_access_table():
    missing = [name for name in served_url_names() if name not in access_tables()]
    assert not missing, (
        f"URLs with no access declared in tests/<app>/access.py: {missing}"
    )


def test_access_tables_name_only_served_urls():
    stale = sorted(access_tables().keys() - set(served_url_names()))
    assert not stale, f"access tables name URLs that no longer exist: {stale}"


def _request(client, access, url):
    if access.method == "post":
        return client.post(url, access.data)
    return client.get(url)


def _url(name, access, world, school):
    kwargs = access.kwargs(world, school) if access.kwargs else {}
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", served_url_names())
def test_url_access_for_every_role(name, school, other_school, client_for):
    access = access_tables()[name]
    world = World(school, other_school)
    anonymous = client_for(None)
    world.act_as(world.user(school, Role.STAFF.value), school)

    response = _request(anonymous, access, _url(name, access, world, school))
    if access.public:
        assert response.status_code in access.ok_status | {302}, (
            name,
            response.status_code,
        )
    else:
        assert response.status_code == 302, (name, "anonymous", response.status_code)
        assert urlparse(response["Location"]).path == reverse("login"), name

    for role in Role:
        user = world.user(school, role.value)
        world.act_as(user, school)
        url = _url(name, access, world, school)
        client = client_for(user)
        allowed = access.public or access.allowed == ANY or role.value in access.allowed
        if allowed and access.method == "post":
            status = client.get(url).status_code
            assert status in access.get_status, (name, role, "GET on POST-only", status)
        response = _request(client, access, url)
        if allowed:
            assert response.status_code in access.ok_status, (
                name,
                role,
                response.status_code,
            )
            if access.kwargs is not None:
                client = client_for(user)  # the action may have logged the user out
                foreign = _url(name, access, world, other_school)
                status = _request(client, access, foreign).status_code
                assert status == 404, (name, role, "other school's object", status)
        else:
            assert response.status_code in {403, 404}, (
                name,
                role,
                response.status_code,
            )
