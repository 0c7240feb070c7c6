from django.conf import settings

from .models import Notification
from .registry import registry
from .roles import Role, user_roles
from .text import listed


def shell(request):
    """What the base layout needs: navigation, the bell's count, the site title."""
    user = getattr(request, "user", None)
    context = {"site_title": settings.LOGISTICS["SITE_TITLE"]}
    if user is None or not user.is_authenticated:
        return context
    roles = user_roles(user)
    context.update(
        nav_items=registry.nav_for(user),
        # Counting stops at 100 ("99+"): the bell is on every page.
        unread_notifications=Notification.objects.filter(
            recipient=user, read_at__isnull=True
        )[:100].count(),
        user_role_labels=listed(role.label for role in Role if role.value in roles),
        # A single-school installation never shows the school's name. Both come
        # from the query SchoolMiddleware made for the profile: no more here.
        show_school=getattr(request, "many_schools", False),
        current_school=getattr(request, "school", None),
    )
    return context
