from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Func, IntegerField, OuterRef, Subquery
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .models import Notification, School
from .rules import rules_cached
from .scoping import school_id_of


class LanguageMiddleware:
    """Simplified Chinese unless the user chose otherwise with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    a school's pages are Chinese by default, whatever language a PC was set up in.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


def _school_count():
    return Subquery(
        School.objects.order_by().values(
            n=Func("pk", function="COUNT", output_field=IntegerField())
        )
    )


class CountUpTo(Subquery):
    """How many rows a sliced queryset gives: counting stops at the slice's end."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


# The bell in the layout counts to 100 ("99+"): it is on every page.
BELL_LIMIT = 100


def bell(user):
    """The user's unread notifications the bell counts (up to ``BELL_LIMIT``);
    ``user`` may be an ``OuterRef`` to a user of the outer query."""
    return (
        Notification.objects.unread()
        .filter(recipient=user)
        .order_by()
        .values("pk")[:BELL_LIMIT]
    )


def users_with_shell():
    """Users with what every signed-in page shows of them read along: the profile
    and its school, the number of schools (``shell_schools``) and the bell's count
    (``shell_unread``). ``AccessBackend.get_user`` reads the signed-in user so,
    and ``SchoolMiddleware`` then asks nothing more."""
    return (
        get_user_model()
        ._default_manager.select_related("profile__school")
        .annotate(
            shell_schools=_school_count(), shell_unread=CountUpTo(bell(OuterRef("pk")))
        )
    )


def read_shell(user):
    """Give a user loaded some other way (another backend, a test's request) what
    ``users_with_shell`` reads along with it."""
    read = users_with_shell().get(pk=user.pk)
    user.shell_schools, user.shell_unread = read.shell_schools, read.shell_unread
    profile = getattr(read, "profile", None)
    if profile is not None:
        user.profile = profile  # fills the reverse one-to-one cache


class SchoolMiddleware:
    """Puts the signed-in user's school on the request (``request.school``,
    ``request.school_id``, and ``request.many_schools``: whether the installation
    serves more than one school, so pages name the school).

    The profile, its school, the number of schools and the user's unread
    notifications (the bell's count, ``request.unread_notifications``) are read
    with the user, in one query (``users_with_shell``), and kept on the user
    object and the request, so nothing later in the request pays for them
    again; so are the school's rules, when something reads one
    (``logistics.rules.rules_cached``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        request.school = None
        request.many_schools = False
        request.unread_notifications = None
        if user.is_authenticated:
            if not hasattr(user, "shell_unread"):  # not read by AccessBackend.get_user
                read_shell(user)
            profile = getattr(user, "profile", None)
            request.unread_notifications = user.shell_unread
            if profile is not None:
                request.school = profile.school
                request.many_schools = user.shell_schools > 1
        request.school_id = school_id_of(user)
        with rules_cached():
            return self.get_response(request)
