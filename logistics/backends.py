"""Django's model backend, reading what every page asks of the signed-in user in
two queries instead of five: the user with their profile, school and bell
(``get_user``), and their permissions and roles (``read_access``).

Each page checks permissions (Django reads the user's own permissions, then those
of their groups: two queries) and shows the user's roles, which are their groups'
names (a third). ``read_access`` reads all three in one ``UNION ALL`` and leaves
them where Django and ``user_roles`` look for them on the user object, for the
request. A superuser's permissions stay Django's (every permission).
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, Value

USER, GROUP, ROLE = "u", "g", "r"


def read_access(user):
    """Fill the user's permission caches (Django's) and role cache (``user_roles``)
    from one query."""
    kind = {"output_field": CharField()}
    direct = Permission.objects.filter(user=user).values_list(
        Value(USER, **kind), "content_type__app_label", "codename"
    )
    through_groups = Permission.objects.filter(group__user=user).values_list(
        Value(GROUP, **kind), "content_type__app_label", "codename"
    )
    groups = Group.objects.filter(user=user).values_list(
        Value(ROLE, **kind), "name", Value("", **kind)
    )
    found = {USER: set(), GROUP: set(), ROLE: set()}
    for source, first, second in direct.order_by().union(
        through_groups.order_by(), groups.order_by(), all=True
    ):
        found[source].add(first if source == ROLE else f"{first}.{second}")
    user._role_cache = frozenset(found[ROLE])
    if not user.is_superuser:
        user._user_perm_cache = found[USER]
        user._group_perm_cache = found[GROUP]


class AccessBackend(ModelBackend):
    def get_user(self, user_id):
        """The signed-in user, with the profile, school and bell every page shows
        read in the same query (``SchoolMiddleware``)."""
        from .middleware import users_with_shell

        users = users_with_shell()
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if (
            user_obj.is_active
            and not user_obj.is_anonymous
            and obj is None
            and not user_obj.is_superuser
            and not hasattr(user_obj, "_user_perm_cache")
        ):
            read_access(user_obj)
        return super().get_all_permissions(user_obj, obj)
