"""The core's figures: places, notifications, the home page and the Excel export."""

from bench.harness import ROWS, BenchError, case
from logistics.models import Location

EXPORT_FIELDS = ("code", "name", "kind", "campus__name", "building__name", "floor")


@case("core.healthz", user="staff")
def healthz_signed_in(bench):
    # The anonymous /healthz is the run's baseline; signed in, it adds what every
    # page pays for the session, the user and the school.
    yield bench.page("signed in", "/healthz")


@case("core.home", user="staff")
def home(bench):
    yield bench.page("home page", "/")


@case("core.places", user="staff")
def places(bench):
    yield bench.page("list, first page", "/places/")
    # OFFSET pagination steps over every earlier row, and a filter on the type
    # (no index: a real school has hundreds of rooms, not 100,000) or a substring
    # search reads all of the school's rows; these grow, and the figure says by how
    # much.
    yield bench.page("list, last page", "/places/?page=last", expect=ROWS)
    yield bench.page("list, type filter", "/places/?kind=laboratory", expect=ROWS)
    yield bench.page("list, search", "/places/?q=实验室", expect=ROWS)
    location = Location.objects.for_school(bench.school).order_by("pk").first()
    if location is None:
        raise BenchError("no location to show")
    yield bench.page("detail", location.get_absolute_url())


@case("core.notifications", user="staff")
def notifications(bench):
    yield bench.page("list, first page", "/notifications/")
    yield bench.page("list, last page", "/notifications/?page=last", expect=ROWS)


@case("core.export", user="accountant")
def places_export(bench):
    return bench.export_against_plain(
        "/places/export/",
        lambda: (
            Location.objects.for_school(bench.school)
            .values_list(*EXPORT_FIELDS)
            .iterator(chunk_size=2000)
        ),
    )
