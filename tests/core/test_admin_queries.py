"""Every admin list and add page reads its rows and drop-downs in a few queries,
however many rows the school has: a column or a drop-down naming a related row
(a room with its building, a line with its year) is read with the rows."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db

# Session, user, permissions, the rows, their count, filters' choices, history…:
# a page of the demo school's 100 rows stays well within this; one query a row
# does not.
BUDGET = 30


def test_every_admin_list_and_add_page_reads_in_a_few_queries(client):
    call_command("seed_demo", verbosity=0)
    client.force_login(get_user_model().objects.get(username="admin"))
    over = {}
    for model in admin.site._registry:
        opts = model._meta
        for page in ("changelist", "add"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}")
            with CaptureQueriesContext(connection) as queries:
                answer = client.get(url)
            if answer.status_code == 403:  # a record nobody adds by hand
                continue
            assert answer.status_code == 200, url
            if len(queries) > BUDGET:
                over[url] = len(queries)

    assert over == {}
