import pytest

from logistics.registry import RecentRequest, Registry


def test_related_records_come_from_every_provider_of_the_kind():
    registry = Registry()
    registry.add_related(
        "asset", lambda user, key: [RecentRequest(f"a{key}", "/a/", "x", 1)]
    )
    registry.add_related(
        "asset", lambda user, key: [RecentRequest(f"b{key}", "/b/", "y", 2)]
    )
    registry.add_related("room", lambda user, key: [RecentRequest("c", "/c/", "z", 3)])
    rows = registry.related_for("asset", None, "7")
    assert [row.title for row in rows] == ["a7", "b7"]
    assert registry.related_for("unknown", None, "7") == []


def test_resolver_answers_for_its_kind_and_unknown_kinds_raise():
    registry = Registry()
    registry.add_resolver(
        "asset", lambda user, key: ("课桌", "/assets/1/") if key == "1" else None
    )
    assert registry.resolve("asset", None, "1") == ("课桌", "/assets/1/")
    assert registry.resolve("asset", None, "2") is None
    with pytest.raises(KeyError):
        registry.resolve("budget", None, "1")


def test_navigation_is_ordered_and_filtered_by_permission():
    from logistics.registry import NavItem

    class User:
        def has_perm(self, perm):
            return perm == "a.ok"

    registry = Registry()
    registry.add_nav(NavItem("second", "b", "a.ok", order=2))
    registry.add_nav(NavItem("first", "a", "", order=1))
    registry.add_nav(NavItem("hidden", "c", "a.no", order=0))
    assert [item.label for item in registry.nav_for(User())] == ["first", "second"]


def test_a_service_is_found_by_its_key_and_an_absent_one_is_none():
    registry = Registry()

    def receive(**kwargs):
        return kwargs

    registry.add_service("supplies.receive", receive)
    assert registry.service("supplies.receive") is receive
    # The app offering it is not installed: the caller gets None and says so.
    assert registry.service("supplies.issue") is None
