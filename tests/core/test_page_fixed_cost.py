"""What every signed-in page pays before its own content: the session, the user
with the profile, school and bell's count, and the permissions with the roles, in
three queries (it was seven: the profile, the bell, the groups' permissions and
the roles apart)."""

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from logistics.backends import read_access
from logistics.models import Notification
from logistics.roles import Role, user_roles

from ..factories import make_user

pytestmark = pytest.mark.django_db

# An empty list of one's own background jobs: the layout and almost nothing else.
BARE_PAGE = reverse("job-list")


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured]


def test_a_bare_signed_in_page_reads_the_user_in_three_queries(school, client_for):
    client = client_for(make_user(school, Role.STAFF, Role.ACCOUNTANT))
    client.get(BARE_PAGE)  # content types and the like, cached per process
    sqls = queries_of(client, BARE_PAGE)
    tables = ["django_session", "auth_user", "auth_permission"]
    for table in tables:
        assert sum(f'FROM "{table}"' in sql for sql in sqls) == 1, table
    # The page's own query (its jobs count) is all the rest.
    assert len(sqls) == len(tables) + 1
    # The profile, its school and the bell come with the user.
    (user,) = [sql for sql in sqls if 'FROM "auth_user"' in sql]
    for table in ("logistics_profile", "logistics_school", "logistics_notification"):
        assert f'"{table}"' in user, table
    assert not any("logistics_notification" in sql for sql in sqls if sql != user)
    # The roles (the groups' names) come with the permissions.
    (access,) = [sql for sql in sqls if '"auth_group"' in sql]
    assert '"auth_permission"' in access


@pytest.mark.parametrize("unread", [0, 3, 100, 130])
def test_the_bell_counts_up_to_99_plus_from_the_profile_query(
    school, client_for, unread
):
    user = make_user(school, Role.STAFF)
    Notification.objects.bulk_create(
        Notification(school=school, recipient=user, title=f"n{n}")
        for n in range(unread)
    )
    read = make_user(school, Role.STAFF)  # someone else's unread count for nothing
    Notification.objects.create(school=school, recipient=read, title="not mine")
    response = client_for(user).get(BARE_PAGE)
    assert response.context["unread_notifications"] == min(unread, 100)
    html = response.content.decode()
    if unread > 99:
        assert ">99+</span>" in html
    elif unread:
        assert f">{unread}</span>" in html
    else:
        assert 'data-testid="unread-count"' not in html


def test_a_user_without_a_profile_still_gets_the_bell(school, client_for):
    user = make_user(school, Role.STAFF)
    Notification.objects.create(school=school, recipient=user, title="n")
    user.profile.delete()
    user.refresh_from_db()
    response = client_for(user).get(reverse("notification-list"))
    assert response.context["unread_notifications"] == 1


def test_permissions_and_roles_are_read_together_and_match_djangos(school):
    user = make_user(school, Role.STOREKEEPER, Role.ACCOUNTANT)
    extra = Permission.objects.get(codename="view_school")
    user.user_permissions.add(extra)
    expected_own = {"logistics.view_school"}
    expected_groups = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.filter(group__user=user).select_related(
            "content_type"
        )
    }
    with CaptureQueriesContext(connection) as captured:
        roles = user_roles(user)
        assert user.get_all_permissions() == expected_own | expected_groups
        assert user.has_perm("logistics.view_school")
    assert len(captured) == 1
    assert roles == {Role.STOREKEEPER.value, Role.ACCOUNTANT.value}
    assert user.get_user_permissions() == expected_own
    assert user.get_group_permissions() == expected_groups


def test_an_inactive_user_or_a_superuser_keeps_djangos_answers(school):
    user = make_user(school, Role.ACCOUNTANT)
    user.is_active = False
    assert user.get_all_permissions() == set()
    assert not user.has_perm("assets.view_asset")
    boss = make_user(school, Role.STAFF, is_superuser=True)
    read_access(boss)
    assert boss.has_perm("assets.delete_asset")  # every permission, as Django
    assert "assets.delete_asset" in boss.get_all_permissions()
    assert user_roles(boss) == {Role.STAFF.value}
