from django.db import models

from logistics.scoping import SchoolScopedModel
from logistics.workflow import WorkflowMixin


class TicketStatus(models.TextChoices):
    OPEN = "open", "open"
    DONE = "done", "done"
    CLOSED = "closed", "closed"


class Ticket(WorkflowMixin, SchoolScopedModel):
    TRANSITIONS = {
        TicketStatus.OPEN: {TicketStatus.DONE, TicketStatus.CLOSED},
        TicketStatus.DONE: {TicketStatus.OPEN, TicketStatus.CLOSED},
        TicketStatus.CLOSED: set(),
    }

    title = models.CharField(max_length=50)
    status = models.CharField(
        max_length=10, choices=TicketStatus.choices, default="open"
    )


class ExpenseStatus(models.TextChoices):
    SUBMITTED = "submitted", "submitted"
    APPROVED = "approved", "approved"
    REJECTED = "rejected", "rejected"


class Expense(WorkflowMixin, SchoolScopedModel):
    """A document with an amount and a requester, approved through the core's
    chain (kind ``testapp.expense``, which starts as the default purchase chain)."""

    TRANSITIONS = {
        ExpenseStatus.SUBMITTED: {ExpenseStatus.APPROVED, ExpenseStatus.REJECTED},
        ExpenseStatus.APPROVED: set(),
        ExpenseStatus.REJECTED: set(),
    }

    title = models.CharField(max_length=50)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    requester = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ExpenseStatus.choices, default="submitted"
    )

    def get_absolute_url(self):
        return f"/expenses/{self.pk}/"
