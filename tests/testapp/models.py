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
