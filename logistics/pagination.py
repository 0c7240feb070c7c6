"""Pages of long lists that cost the same at page 2,000 as at page 1.

A page far down a list is ``OFFSET n LIMIT 50``: the database still reads the n
rows before it, and with the joins and computed columns a list page selects
(place, category, book value…) it builds each of them only to throw it away.
``DeferredJoinPaginator`` first finds the page's primary keys with the list's
filters and order alone (a walk along an index), then fetches just those rows
with everything the page shows. Both happen in one query: on PostgreSQL
``pk = ANY(ARRAY(SELECT pk … LIMIT 50 OFFSET n))``, whose subquery runs first and
once (with ``pk IN (SELECT …)`` the planner joins every row of the list before
it looks at the 50 keys: 250 ms instead of 5 on 50,000 repairs); elsewhere
``pk IN (SELECT …)`` where the database allows a limit there, two queries if not.

A view that counts the rows anyway (the ledger counts them with its totals) sets
``paginator.count`` and saves the paginator's own ``COUNT(*)``.

``CountedPagePaginator`` is for short lists (hundreds of rows): the page and the
count in one query.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import BooleanField, Count, F, Func, QuerySet, Subquery, Window


class KeysArray(Subquery):
    """PostgreSQL: ``ARRAY(SELECT …)``, the subquery's rows as one array value."""

    template = "ARRAY(%(subquery)s)"


class AmongKeys(Func):
    """PostgreSQL: ``pk = ANY(ARRAY(SELECT …))`` as a filter."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


class DeferredJoinPaginator(Paginator):
    def page(self, number):
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom >= top:
            return self._get_page([], number, self)
        queryset = self.object_list
        keys = queryset.values_list("pk", flat=True)[bottom:top]
        connection = connections[queryset.db]
        # The outer query orders the page's rows as the list does.
        if connection.vendor == "postgresql":
            page = queryset.filter(AmongKeys(F("pk"), KeysArray(keys)))
            return self._get_page(list(page), number, self)
        if connection.features.allow_sliced_subqueries_with_in:
            return self._get_page(list(queryset.filter(pk__in=keys)), number, self)
        keys = list(keys)
        rows = {row.pk: row for row in queryset.filter(pk__in=keys)}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)


class CountedPagePaginator(Paginator):
    """Reads a page and the number of rows the filters select in one query: each
    row of the page carries ``COUNT(*) OVER ()``, counted before the LIMIT. For
    lists of hundreds of rows (zones), whose deep pages cost nothing extra; a page
    past the end falls back to Django's own count (and its 404)."""

    def page(self, number):
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page + self.orphans
        rows = list(
            self.object_list.annotate(rows_selected=Window(Count("*")))[bottom:top]
        )
        if not rows:
            return super().page(number)
        self.count = rows[0].rows_selected  # Paginator.count is a cached property
        number = self.validate_number(number)  # orphans: no extra query now
        if top < self.count:
            rows = rows[: self.per_page]
        return self._get_page(rows, number, self)
