"""Pages of long lists that cost the same at page 2,000 as at page 1.

A page far down a list is ``OFFSET n LIMIT 50``: the database still reads the n
rows before it, and with the joins and computed columns a list page selects
(place, category, book value…) it builds each of them only to throw it away.
``DeferredJoinPaginator`` first finds the page's primary keys with the list's
filters and order alone (a walk along an index), then fetches just those rows
with everything the page shows: one query more, whatever the page.
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet


class DeferredJoinPaginator(Paginator):
    def page(self, number):
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {}
        if keys:
            rows = {row.pk: row for row in self.object_list.filter(pk__in=keys)}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)
