"""No uploaded file can be read by anyone the document's page would refuse.

Generated over every model with uploaded files (``logistics.registry.files``) ×
every role × the home school and another school: the file is served to exactly
those whose document page answers 200, and is a 404 to everyone else; anonymous
visitors are sent to the login page. Behind nginx the same check answers with
``X-Accel-Redirect`` to the internal location and no body. The builders come from
each app's ``tests/<app>/access.py`` (``FILES``), so a model with files cannot
ship without its line here.
"""

import importlib
import mimetypes
import pkgutil
from urllib.parse import quote, urlparse

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse

import pytest

import tests
from logistics.files import file_url
from logistics.registry import registry
from logistics.roles import Role

from .test_permission_walk import World

pytestmark = pytest.mark.django_db


def file_builders():
    builders = {}
    for module in pkgutil.iter_modules(tests.__path__):
        if not module.ispkg:
            continue
        try:
            access = importlib.import_module(f"tests.{module.name}.access")
        except ModuleNotFoundError as error:
            if error.name != f"tests.{module.name}.access":
                raise
            continue
        builders.update(getattr(access, "FILES", {}))
    return builders


def file_fields(model):
    return [f.name for f in model._meta.fields if isinstance(f, models.FileField)]


def test_every_file_field_is_served_only_through_the_checked_view():
    """A model with an upload that no app declared would have no checked address."""
    undeclared = [
        f"{model._meta.label_lower}.{name}"
        for model in apps.get_models()
        for name in file_fields(model)
        if model._meta.label_lower not in registry.files
        or name not in registry.files[model._meta.label_lower].fields
    ]
    assert not undeclared, f"file fields with no declared visibility: {undeclared}"


def test_every_declared_file_kind_has_a_builder_for_this_test():
    missing = sorted(registry.files.keys() - file_builders().keys())
    assert not missing, f"declare FILES builders in tests/<app>/access.py: {missing}"


def body(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("kind", sorted(registry.files))
def test_a_file_opens_exactly_for_those_who_may_open_its_document(
    kind, school, other_school, client_for
):
    world = World(school, other_school)
    row, page = file_builders()[kind](world, school)
    foreign_row, _foreign_page = file_builders()[kind](world, other_school)
    fields = registry.files[kind].fields
    seen = {True: [], False: []}

    for field in fields:
        url = file_url(getattr(row, field))
        response = client_for(None).get(url)
        assert response.status_code == 302, (kind, field, "anonymous")
        assert urlparse(response["Location"]).path == reverse("login")

    for role in Role:
        user = world.user(school, role.value)
        client = client_for(user)
        page_status = client.get(page).status_code
        assert page_status in {200, 403, 404}, (kind, role, page_status)
        seen[page_status == 200].append(role.value)
        for field in fields:
            fieldfile = getattr(row, field)
            response = client.get(file_url(fieldfile))
            if page_status == 200:
                assert response.status_code == 200, (kind, field, role)
                with fieldfile.open("rb") as stored:
                    assert body(response) == stored.read()
            else:
                assert response.status_code == 404, (kind, field, role, page_status)
            foreign = client.get(file_url(getattr(foreign_row, field)))
            assert foreign.status_code == 404, (kind, field, role, "other school")
    # The walk meant something: some roles open the document, some do not.
    assert seen[True] and seen[False], seen


@pytest.mark.parametrize("kind", sorted(registry.files))
def test_behind_nginx_the_view_answers_x_accel_redirect_and_no_body(
    kind, school, other_school, client_for, settings
):
    settings.X_ACCEL_PREFIX = "/protected-media/"
    world = World(school, other_school)
    row, _page = file_builders()[kind](world, school)
    foreign_row, _foreign_page = file_builders()[kind](world, other_school)
    head = client_for(world.user(school, Role.LOGISTICS_HEAD.value))
    for field in registry.files[kind].fields:
        fieldfile = getattr(row, field)
        response = head.get(file_url(fieldfile))
        assert response.status_code == 200
        if fieldfile.storage is not default_storage:
            # Kept outside MEDIA_ROOT (minutes): Django sends it itself.
            assert body(response)
            continue
        assert (
            response["X-Accel-Redirect"] == f"/protected-media/{quote(fieldfile.name)}"
        )
        assert response.content == b""
        assert response["Content-Type"] == mimetypes.guess_type(fieldfile.name)[0]
        refused = head.get(file_url(getattr(foreign_row, field)))
        assert refused.status_code == 404 and "X-Accel-Redirect" not in refused


def test_a_served_file_is_private_unsniffed_and_named(school, other_school, client_for):
    world = World(school, other_school)
    kind = sorted(registry.files)[0]
    row, _page = file_builders()[kind](world, school)
    field = registry.files[kind].fields[0]
    fieldfile = getattr(row, field)
    response = client_for(world.user(school, Role.LOGISTICS_HEAD.value)).get(
        file_url(fieldfile)
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("inline;")
    assert fieldfile.name.rsplit("/", 1)[-1] in response["Content-Disposition"]


def test_the_address_of_a_replaced_file_no_longer_opens(
    school, other_school, client_for
):
    world = World(school, other_school)
    kind = sorted(registry.files)[0]
    row, _page = file_builders()[kind](world, school)
    field = registry.files[kind].fields[0]
    old = file_url(getattr(row, field))
    client = client_for(world.user(school, Role.LOGISTICS_HEAD.value))
    assert client.get(old).status_code == 200
    stale = old.rsplit("/", 1)[0] + "/another-name.png"
    assert client.get(stale).status_code == 404


def test_development_server_does_not_serve_media_url(settings):
    """Even with DEBUG on, no URL pattern serves MEDIA_ROOT as it stands."""
    import logistics.urls

    settings.DEBUG = True
    try:
        patterns = importlib.reload(logistics.urls).urlpatterns
        served = [str(p.pattern) for p in patterns if "media" in str(p.pattern)]
    finally:
        settings.DEBUG = False
        importlib.reload(logistics.urls)
    assert served == []


def test_uploads_have_no_public_address(school, other_school, client_for):
    """MEDIA_URL serves nothing: a stored file's /media/ address is a 404."""
    world = World(school, other_school)
    for kind, build in sorted(file_builders().items()):
        row, _page = build(world, school)
        for field in registry.files[kind].fields:
            name = getattr(row, field).name
            head = client_for(world.user(school, Role.LOGISTICS_HEAD.value))
            assert head.get(f"/media/{name}").status_code == 404, (kind, field)


@pytest.mark.parametrize("kind", sorted(registry.files))
def test_document_pages_link_their_files_only_through_the_checked_view(
    kind, school, other_school, client_for, settings
):
    world = World(school, other_school)
    row, page = file_builders()[kind](world, school)
    text = (
        client_for(world.user(school, Role.LOGISTICS_HEAD.value))
        .get(page)
        .content.decode()
    )
    assert file_url(getattr(row, registry.files[kind].fields[0])) in text
    assert f"/{settings.MEDIA_URL.strip('/')}/" not in text


def test_edit_forms_show_the_current_file_by_its_checked_address(
    school, other_school, client_for
):
    """The asset form's and the admin's "currently" link: no /media/ address."""
    world = World(school, other_school)
    asset, _page = file_builders()["assets.asset"](world, school)
    head = world.user(school, Role.LOGISTICS_HEAD.value)
    superuser = world.user(school, Role.ADMINISTRATOR.value)
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    pages = [
        client_for(head).get(reverse("assets:update", args=[asset.pk])),
        client_for(superuser).get(
            reverse("admin:assets_asset_change", args=[asset.pk])
        ),
    ]
    for response in pages:
        text = response.content.decode()
        assert response.status_code == 200
        assert f'href="{file_url(asset.photo)}"' in text
        assert "/media/" not in text


def test_the_repair_admin_shows_photos_by_their_checked_address(
    school, other_school, client_for
):
    world = World(school, other_school)
    photo, _page = file_builders()["repairs.repairphoto"](world, school)
    superuser = world.user(school, Role.ADMINISTRATOR.value)
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    text = (
        client_for(superuser)
        .get(reverse("admin:repairs_repairrequest_change", args=[photo.repair_id]))
        .content.decode()
    )
    assert file_url(photo.thumbnail) in text and "/media/" not in text
