"""Chinese number formats on top of Django's own: amounts grouped by thousands.

Finance offices write 51,869,856.81 (千分位); Django's zh_Hans formats leave
numbers ungrouped, so the ledger's totals were hard to read.
"""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
