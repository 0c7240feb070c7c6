"""Notices the warehouse sends: low stock to the storekeeper."""

from django.db import transaction
from django.utils.translation import gettext as _

from logistics.notifications import notify
from logistics.people import people_who_may


def tell_low_stock(school_id, item_id):
    """After commit, tell the storekeepers that an item fell to its reorder level."""

    def send():
        from .models import Item, plain_number

        item = Item.objects.filter(pk=item_id).first()
        if item is None or not item.is_low:
            return
        notify(
            recipients=people_who_may(school_id, "supplies.issue_stock"),
            title=lambda: _("Low stock: %(item)s") % {"item": item.name},
            body=lambda: (
                _("%(on_hand)s %(unit)s left, reorder level %(level)s.")
                % {
                    "on_hand": plain_number(item.on_hand),
                    "unit": item.unit,
                    "level": plain_number(item.reorder_level),
                }
            ),
            url=item.get_absolute_url(),
        )

    transaction.on_commit(send)
