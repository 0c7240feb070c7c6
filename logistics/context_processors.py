from django.conf import settings
from django.core.cache import cache

from .models import SCHOOL_COUNT_CACHE_KEY, Notification, School
from .registry import registry
from .roles import Role, user_roles
from .text import listed


def school_count():
    """How many schools the installation serves; changes rarely, so cached briefly."""
    return cache.get_or_set(SCHOOL_COUNT_CACHE_KEY, School.objects.count, 300)


def shell(request):
    """What the base layout needs: navigation, the bell's count, the site title."""
    user = getattr(request, "user", None)
    context = {"site_title": settings.LOGISTICS["SITE_TITLE"]}
    if user is None or not user.is_authenticated:
        return context
    school_id = getattr(request, "school_id", None)
    roles = user_roles(user)
    context.update(
        nav_items=registry.nav_for(user),
        # Counting stops at 100 ("99+"): the bell is on every page.
        unread_notifications=Notification.objects.filter(
            recipient=user, read_at__isnull=True
        )[:100].count(),
        user_role_labels=listed(role.label for role in Role if role.value in roles),
        # A single-school installation never shows the school's name as a choice.
        show_school=school_count() > 1 if school_id else False,
        # The middleware has read the school with the profile.
        current_school=getattr(request, "school", None)
        or (School.objects.filter(pk=school_id).first() if school_id else None),
    )
    return context
