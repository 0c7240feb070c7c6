"""Who may open which URL: the table the permission walk checks.

Every app's tests keep an ``access.py`` beside them with ``ACCESS = {url_name:
Access(...)}``. ``tests/test_permission_walk.py`` finds every URL the project
serves and fails for any URL that no table names, so a new page cannot ship
without saying who may see it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ANY = "any signed-in user"


@dataclass(frozen=True)
class Access:
    # Role values (logistics.roles.Role) allowed, or ANY.
    allowed: frozenset | str = ANY
    # kwargs(world, school) -> URL kwargs naming an object of ``school`` built for
    # the test; the walk builds one in another school too and expects 404 there.
    kwargs: Callable | None = None
    # "post" for POST-only actions: GET must then answer 405 to allowed users.
    method: str = "get"
    public: bool = False
    # Status an allowed user gets; POST actions usually redirect.
    ok_status: frozenset = field(default_factory=lambda: frozenset({200}))
    # What GET answers on a POST-only action (Django's set_language redirects).
    get_status: frozenset = frozenset({405})
    # Data to POST for a POST-only action (may be invalid: the walk checks access only).
    data: dict = field(default_factory=dict)


def roles(*values):
    return frozenset(getattr(v, "value", v) for v in values)
