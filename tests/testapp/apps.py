from django.apps import AppConfig

KIND = "testapp.expense"


def _approved(expense, *, decision):
    expense.move_to("approved", by=decision.decided_by, comment=decision.summary)


def _rejected(expense, *, decision):
    expense.move_to("rejected", by=decision.decided_by, comment=decision.summary)


class TestappConfig(AppConfig):
    """Tiny documents to test the core: a ticket for the state machine and the
    timeline, an expense for the approval chains."""

    name = "tests.testapp"
    label = "testapp"

    def ready(self):
        from logistics.approvals.defaults import DEFAULT_CHAINS
        from logistics.registry import ApprovalKind, registry

        registry.add_approval_kind(
            ApprovalKind(
                key=KIND,
                label="Expenses",
                model="testapp.Expense",
                requester=lambda expense: expense.requester,
                title=lambda expense: expense.title,
                amount=lambda expense: expense.amount,
                on_approved=_approved,
                on_rejected=_rejected,
                default_steps=DEFAULT_CHAINS["procurement.purchase"].steps,
            )
        )
