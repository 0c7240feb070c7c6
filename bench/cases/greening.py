"""The greening figures: a zone keeper's tasks page and the 四化 rankings.

Both read a fixed number of queries however many zones, plans and scores the
school has (``--scale`` adds zones with their plans and a term of scores).
"""

from bench.harness import ROWS, case


@case("greening.today", user="staff", app="greening")
def today(bench):
    yield bench.page("care tasks, keeper's phone page", "/greening/today/")


@case("greening.rankings", user="head", app="greening")
def rankings(bench):
    yield bench.page("rankings, whole term", "/greening/rankings/")
    # The plan draws every zone of the campus: it grows with the zones.
    yield bench.page("campus plan", "/greening/plan/", expect=ROWS)
    yield bench.page("zones, first page", "/greening/", against_sql=True)
