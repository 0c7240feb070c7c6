"""Document numbers from one core service: per school, per kind, in sequence,
never reused, skipping numbers already taken; and on PostgreSQL, never the same
number twice when people file at the same moment."""

import datetime
import threading
from decimal import Decimal

from django.db import IntegrityError, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

import pytest

from assets import services as asset_services
from logistics.models import DocumentCounter
from logistics.numbering import (
    counters_advance,
    counters_lock,
    document_number_next,
    document_numbers_next,
    number_read,
)
from logistics.roles import Role
from logistics.rules import school_rules_set
from repairs import services as repair_services
from repairs.models import RepairRequest
from tests.assets.factories import category
from tests.factories import LocationFactory, SchoolFactory, make_user
from tests.repairs.factories import RepairRequestFactory

pytestmark = pytest.mark.django_db

MARCH = timezone.make_aware(datetime.datetime(2025, 3, 9, 10))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def place(school):
    return LocationFactory(school=school, building__campus__school=school)


def file_repair(school, at=MARCH, by=None):
    return repair_services.repair_request_create(
        location=place(school),
        category="water",
        description="漏水",
        by=by or make_user(school, Role.STAFF),
        at=at,
    )


def new_asset(school):
    return asset_services.asset_create(
        school=school,
        by=make_user(school, Role.STAFF, Role.LOGISTICS_HEAD),
        name="投影仪",
        category=category(school),
        unit_price=Decimal("3000"),
        acquired_on=datetime.date(2025, 3, 1),
    )


def test_new_repair_numbers_read_as_before_and_run_in_sequence(school):
    numbers = [file_repair(school).number for _ in range(3)]
    assert numbers == ["BX2025000001", "BX2025000002", "BX2025000003"]
    next_year = timezone.make_aware(datetime.datetime(2026, 1, 2, 9))
    assert file_repair(school, at=next_year).number == "BX2026000001"


def test_each_school_counts_its_own_numbers(school, other_school):
    assert file_repair(school).number == "BX2025000001"
    assert file_repair(school).number == "BX2025000002"
    assert file_repair(other_school).number == "BX2025000001"


def test_each_kind_of_document_counts_its_own_numbers(school):
    assert new_asset(school).number == "HOME-2025-00001"
    assert file_repair(school).number == "BX2025000001"
    assert new_asset(school).number == "HOME-2025-00002"
    counters = set(
        DocumentCounter.objects.filter(school=school).values_list("kind", "key", "last")
    )
    assert counters == {("asset", "HOME-2025-#", 2), ("repair", "BX2025#", 1)}


def test_numbers_taken_by_hand_are_skipped(school):
    RepairRequestFactory(
        location=place(school),
        requester=make_user(school, Role.STAFF),
        number="BX2025000002",
    )
    assert file_repair(school).number == "BX2025000001"
    assert file_repair(school).number == "BX2025000003"


def test_a_batch_skips_every_taken_number(school):
    taken = {"HOME-X-0002", "HOME-X-0003", "HOME-X-0005"}
    school_rules_set(
        school=school,
        values={"repairs.NUMBER_PATTERN": "{school}-X-{seq:04d}"},
        by=make_user(school, Role.ADMINISTRATOR),
    )
    numbers = document_numbers_next(
        school=school,
        kind="repair",
        count=4,
        taken=lambda batch: [n for n in batch if n in taken],
    )
    assert numbers == ["HOME-X-0001", "HOME-X-0004", "HOME-X-0006", "HOME-X-0007"]


def test_a_number_once_handed_out_is_never_handed_out_again(school):
    first = file_repair(school)
    RepairRequest.objects.filter(pk=first.pk).delete()
    assert file_repair(school).number == "BX2025000002"


def test_the_app_gives_its_own_parts_and_the_month(school):
    school_rules_set(
        school=school,
        values={"assets.NUMBER_PATTERN": "{category}/{year}{month:02d}/{seq:03d}"},
        by=make_user(school, Role.ADMINISTRATOR),
    )
    assert new_asset(school).number == "2/202503/001"
    assert document_number_next(
        school=school, kind="asset", at=MARCH, parts={"category": "6"}
    ) == ("6/202503/001")


def test_one_school_holds_one_request_per_number(school, other_school):
    requester = make_user(school, Role.STAFF)
    RepairRequestFactory(location=place(school), requester=requester, number="BX1")
    RepairRequestFactory(
        location=place(other_school), requester=requester, number="BX1"
    )  # another school may use the same number
    with pytest.raises(IntegrityError), transaction.atomic():
        RepairRequestFactory(location=place(school), requester=requester, number="BX1")


def test_one_counter_per_school_kind_and_prefix(school):
    DocumentCounter.objects.create(school=school, kind="repair", key="BX2025#")
    DocumentCounter.objects.create(school=school, kind="asset", key="BX2025#")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentCounter.objects.create(school=school, kind="repair", key="BX2025#")


def test_an_unknown_kind_of_document_is_named(school):
    with pytest.raises(LookupError, match="'invoice'"):
        document_number_next(school=school, kind="invoice")


def test_imports_read_numbers_back_and_move_the_counters_past_them(school):
    pattern = "{school}-{year}-{seq:05d}"
    assert number_read("HOME-2023-00042", pattern=pattern, school_code="HOME") == (
        "HOME-2023-#",
        42,
    )
    assert number_read("HOME-2023-0042", pattern=pattern, school_code="HOME") is None
    assert number_read("OTHER-2023-00042", pattern=pattern, school_code="HOME") is None
    with transaction.atomic():
        locked = counters_lock(school_id=school.pk, kind="asset", keys=["HOME-2025-#"])
        assert [counter.key for counter in locked] == ["HOME-2025-#"]
        counters_advance(school_id=school.pk, kind="asset", highest={"HOME-2025-#": 7})
        counters_advance(school_id=school.pk, kind="asset", highest={"HOME-2025-#": 3})
    assert new_asset(school).number == "HOME-2025-00008"


# -- moving the old numbers onto the counters (data migrations) -------------------------


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_numbers_are_never_handed_out_again_after_the_upgrade():
    """Repair numbers made from ids before and the assets' own counters move onto
    the core's counters: the next numbers start past them."""
    latest = [
        node
        for app in ("repairs", "assets")
        for node in MigrationExecutor(connection).loader.graph.leaf_nodes(app)
    ]
    old = migrate(
        [
            ("repairs", "0004_alter_priceitem_options_alter_repaircategory_options"),
            ("assets", "0005_capitalised_choice_labels"),
        ]
    )
    try:
        School = old.get_model("logistics", "School")
        Campus = old.get_model("logistics", "Campus")
        Location = old.get_model("logistics", "Location")
        Category = old.get_model("repairs", "RepairCategory")
        User = old.get_model("auth", "User")
        Request = old.get_model("repairs", "RepairRequest")
        Counter = old.get_model("assets", "AssetNumberCounter")
        school = School.objects.create(code="MIG", name="迁移学校")
        campus = Campus.objects.create(school=school, code="C", name="本部")
        room = Location.objects.create(school=school, campus=campus, code="R", name="1")
        water = Category.objects.create(
            school=school, code="w", name_zh="水", name_en="w"
        )
        person = User.objects.create(username="mig_requester")
        for number in ("BX2025000041", "BX2025000007", "BX2024000099", "旧-1"):
            Request.objects.create(
                school=school,
                requester=person,
                location=room,
                category=water,
                description="x",
                number=number,
                created_at=timezone.now(),
            )
        Counter.objects.create(school=school, key="MIG-2025-#", last=12)
    finally:
        migrate(latest)
    counters = set(
        DocumentCounter.objects.filter(school__code="MIG").values_list(
            "kind", "key", "last"
        )
    )
    assert counters == {
        ("repair", "BX2025#", 41),
        ("repair", "BX2024#", 99),
        ("asset", "MIG-2025-#", 12),
    }


# -- at the same moment (PostgreSQL row locks) ------------------------------------------


def at_once(actions):
    """Run the actions in threads released together; return their results."""
    barrier = threading.Barrier(len(actions))
    results, errors = [], []

    def run(action):
        try:
            barrier.wait()
            results.append(action())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_people_filing_at_the_same_moment_never_get_the_same_number():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    school, other = SchoolFactory(code="HOME"), SchoolFactory(code="OTHER")
    people = [make_user(s, Role.STAFF) for s in (school, school, school, school)]
    people += [make_user(other, Role.STAFF), make_user(other, Role.STAFF)]
    rooms = {s.pk: place(s) for s in (school, other)}

    def filer(person):
        school_id = person.profile.school_id

        def file():
            return [
                repair_services.repair_request_create(
                    location=rooms[school_id],
                    category="water",
                    description="漏水",
                    by=person,
                    at=MARCH,
                ).number
                for _ in range(3)
            ]

        return file

    at_once([filer(person) for person in people])
    numbers = {
        code: sorted(
            RepairRequest.objects.filter(school__code=code).values_list(
                "number", flat=True
            )
        )
        for code in ("HOME", "OTHER")
    }
    assert numbers == {
        "HOME": [f"BX2025{n:06d}" for n in range(1, 13)],
        "OTHER": [f"BX2025{n:06d}" for n in range(1, 7)],
    }
