from django.urls import reverse

import pytest

from logistics.registry import HomeCard, registry
from logistics.roles import Role

from ..factories import make_user

pytestmark = pytest.mark.django_db


def test_pages_are_chinese_by_default_even_for_english_browsers(school, client_for):
    client = client_for(make_user(school, Role.STAFF))
    page = client.get(
        reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert '<html lang="zh-CN">' in page
    assert "退出" in page or "登出" in page  # Django's own catalogue


def test_language_switch_turns_the_pages_english_and_back(school, client_for):
    client = client_for(make_user(school, Role.STAFF))
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page and "Log out" in page
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert '<html lang="zh-CN">' in client.get(reverse("home")).content.decode()


def test_login_page_offers_the_language_switch_to_anonymous_users(client):
    page = client.get(reverse("login")).content.decode()
    assert 'name="language" value="en"' in page
    assert '<label class="form-label" for="id_username">' in page


def test_navigation_shows_only_what_the_role_may_use(school, client_for):
    head = client_for(make_user(school, Role.LOGISTICS_HEAD)).get(reverse("home"))
    staff = client_for(make_user(school, Role.STAFF)).get(reverse("home"))
    admin_link = 'href="/admin/"'
    assert admin_link not in staff.content.decode()
    assert reverse("location-list") in head.content.decode()


def test_home_page_shows_cards_from_the_registry(school, client_for, monkeypatch):
    monkeypatch.setattr(
        registry, "home_cards", [lambda user: [HomeCard("待派单", 7, "/x/")]]
    )
    page = (
        client_for(make_user(school, Role.LOGISTICS_HEAD)).get(reverse("home")).content
    )
    assert "待派单" in page.decode() and ">7<" in page.decode()


def test_home_page_queries_do_not_grow_with_notifications(
    school, client_for, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from logistics.models import Notification

    user = make_user(school, Role.STAFF)
    client = client_for(user)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    Notification.objects.bulk_create(
        Notification(school=school, recipient=user, title=f"n{n}") for n in range(40)
    )
    with django_assert_num_queries(len(few)):
        client.get(reverse("home"))


def test_location_list_queries_do_not_grow_with_rows(
    school, client_for, django_assert_num_queries
):
    from ..factories import LocationFactory

    client = client_for(make_user(school, Role.STAFF))
    LocationFactory(school=school, building__campus__school=school)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("location-list"))  # warm caches (the school count)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("location-list"))
    for _ in range(30):
        LocationFactory(school=school, building__campus__school=school)
    with django_assert_num_queries(len(few)):
        client.get(reverse("location-list"))


def test_healthz_needs_no_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["database"] == "ok"


def test_every_page_needs_login(client):
    response = client.get(reverse("location-list"))
    assert response.status_code == 302 and response["Location"].startswith(
        "/accounts/login/"
    )


def test_failed_logins_are_throttled(school, client):
    user = make_user(school, Role.STAFF, username="guessme")
    for _ in range(5):
        client.post(reverse("login"), {"username": "guessme", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "guessme", "password": "pw-test-12345"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert user.is_active


def test_right_password_logs_in(school, client):
    make_user(school, Role.STAFF, username="teacher1")
    response = client.post(
        reverse("login"), {"username": "teacher1", "password": "pw-test-12345"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_logout_is_post_only(school, client_for):
    client = client_for(make_user(school, Role.STAFF))
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change_keeps_what_was_typed_on_error(school, client_for):
    client = client_for(make_user(school, Role.STAFF))
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "Xk82-new-pass",
            "new_password2": "Xk82-new-pass",
        },
    )
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
