from logistics.models import Notification
from logistics.roles import Role

from ..access import ANY, Access, roles

ACCESS = {
    "home": Access(),
    "healthz": Access(public=True),
    "favicon": Access(public=True, ok_status=frozenset({302})),
    "login": Access(public=True, ok_status=frozenset({200, 302})),
    "logout": Access(method="post", ok_status=frozenset({302})),
    "password_change": Access(),
    "password_change_done": Access(),
    "set_language": Access(
        public=True,
        method="post",
        ok_status=frozenset({302}),
        get_status=frozenset({302}),
        data={"language": "en", "next": "/"},
    ),
    "notification-list": Access(),
    "notification-read": Access(
        allowed=ANY,
        method="post",
        ok_status=frozenset({302}),
        # Only the recipient may open it: the walk's acting user is the recipient.
        kwargs=lambda world, school: {
            "pk": Notification.objects.create(
                school=school, recipient=world.actor(school), title="通知"
            ).pk
        },
    ),
    "notification-read-all": Access(method="post", ok_status=frozenset({302})),
    "location-list": Access(),
    "location-export": Access(allowed=roles(Role.LOGISTICS_HEAD, Role.ACCOUNTANT)),
    "location-detail": Access(
        kwargs=lambda world, school: {"pk": world.location(school).pk}
    ),
}
