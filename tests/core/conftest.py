"""Fixtures for the core's approval chains: an expense (tests/testapp) decided
through the chain ``testapp.expense``, which starts as the default purchase
chain (head; director from ¥3,000; the meeting from ¥50,000)."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from logistics.approvals.services import approval_start
from tests.testapp.apps import KIND
from tests.testapp.models import Expense

from .robot_endpoint import RobotEndpoint


@pytest.fixture
def submit():
    """submit(amount, requester) -> the expense's approval, started."""

    def make(amount, requester, title=None):
        expense = Expense.objects.create(
            school_id=requester.profile.school_id,
            title=title or f"报销 {amount}",
            amount=Decimal(str(amount)),
            requester=requester,
        )
        return approval_start(document=expense, by=requester, kind=KIND)

    return make


@pytest.fixture
def minutes():
    """An upload of a meeting's minutes."""

    def make(name="校务会纪要.pdf"):
        return SimpleUploadedFile(
            name, b"%PDF-1.4 minutes", content_type="application/pdf"
        )

    return make


@pytest.fixture
def staff(people):
    return people["staff"]


@pytest.fixture
def head(people):
    return people["logistics_head"]


@pytest.fixture
def director(people):
    return people["director"]


@pytest.fixture
def endpoint(settings):
    """A recording robot endpoint on 127.0.0.1, the only host robots may reach here;
    links in messages start with the site's address."""
    settings.LOGISTICS = {
        **settings.LOGISTICS,
        "ROBOT_HOSTS": ("127.0.0.1",),
        "SITE_URL": "https://hq.school.cn",
        "SEND_TIMEOUT": 5,
    }
    server = RobotEndpoint().start()
    yield server
    server.stop()
