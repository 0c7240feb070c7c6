"""The campus-safety figures: the hazard register's list (its queries stay put
however long the register grows) and its export, and the visitor register."""

from bench.harness import ROWS, BenchError, case


@case("safety.hazards", user="head", app="safety")
def hazard_register(bench):
    from safety.models import Hazard  # inside: the module loads without the app

    yield bench.page("register, first page", "/safety/hazards/", against_sql=True)
    yield bench.page(
        "register, last page", "/safety/hazards/?page=last", against_sql=True
    )
    yield bench.page(
        "register, open ones", "/safety/hazards/?status=open", against_sql=True
    )
    yield bench.page("register, search", "/safety/hazards/?q=扶手", expect=ROWS)
    hazard = Hazard.objects.for_school(bench.school).order_by("pk").first()
    if hazard is None:
        raise BenchError("no hazard to show")
    yield bench.page("detail", hazard.get_absolute_url())


@case("safety.hazards_export", user="head", app="safety")
def hazard_export(bench):
    from safety.exports import HAZARD_FIELDS
    from safety.models import Hazard

    def rows():
        queryset = Hazard.objects.for_school(bench.school)
        return queryset.values_list(*HAZARD_FIELDS).iterator(chunk_size=2000)

    return bench.export_against_plain("/safety/hazards/export/", rows)


@case("safety.visitors", user="head", app="safety")
def visitor_register(bench):
    yield bench.page(
        "visitor register, first page", "/safety/visitors/history/", against_sql=True
    )
    yield bench.page("gate page", "/safety/visitors/")
