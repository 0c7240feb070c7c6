from django.conf import settings

from .middleware import bell
from .registry import registry
from .roles import Role, user_roles
from .text import listed


def unread_notifications(request):
    """The bell's count: read with the profile by SchoolMiddleware, or here for a
    user without one."""
    counted = getattr(request, "unread_notifications", None)
    if counted is None:
        counted = bell(request.user).count()
    return counted


def shell(request):
    """What the base layout needs: navigation, the bell's count, the site title."""
    user = getattr(request, "user", None)
    context = {"site_title": settings.LOGISTICS["SITE_TITLE"]}
    if user is None or not user.is_authenticated:
        return context
    roles = user_roles(user)
    context.update(
        nav_items=registry.nav_for(user),
        unread_notifications=unread_notifications(request),
        user_role_labels=listed(role.label for role in Role if role.value in roles),
        # A single-school installation never shows the school's name. Both come
        # from the query SchoolMiddleware made for the profile: no more here.
        show_school=getattr(request, "many_schools", False),
        current_school=getattr(request, "school", None),
    )
    return context
