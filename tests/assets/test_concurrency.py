"""Two people at the same moment, in real threads on PostgreSQL: no number handed out
twice, and exactly one of two decisions on a disposal wins."""

import datetime
import threading
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, connections

import pytest
import tablib

from assets import importing, services
from assets.choices import AssetStatus, DisposalStatus
from assets.models import Asset, Disposal
from assets.resources import template_headers
from logistics.models import DocumentCounter, TransitionLog
from logistics.roles import Role
from tests.factories import make_user

from .factories import AssetFactory, category

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")


def race(*actions):
    """Run the actions in threads released together.

    Returns (results, refusals): what each action returned, in order, with None
    for a refused one, and the ValidationErrors. Any other exception fails.
    """
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)
    refusals, crashes = [], []

    def run(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except ValidationError as error:
            refusals.append(error)
        except Exception as error:  # noqa: BLE001  (reported below, with its type)
            crashes.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, action))
        for index, action in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not crashes, crashes
    return results, refusals


def new_card(school, by, name):
    return lambda: (
        services.asset_create(
            school=school,
            by=by,
            name=name,
            category=category(school),
            unit_price=Decimal("5200"),
            acquired_on=datetime.date(2025, 3, 1),
        ).number
    )


# -- asset numbers ------------------------------------------------------------------


def test_two_cards_created_at_once_get_two_numbers(school, head, accountant):
    (first, second), refused = race(
        new_card(school, head, "台式计算机"), new_card(school, accountant, "打印机")
    )
    assert not refused
    assert sorted([first, second]) == ["HOME-2025-00001", "HOME-2025-00002"]
    assert DocumentCounter.objects.get(school=school, kind="asset").last == 2


def test_many_cards_at_once_never_share_or_skip_back(school, head):
    def several():
        return [new_card(school, head, "椅子")() for _ in range(5)]

    batches, refused = race(several, several, several, several)
    assert not refused
    numbers = [number for batch in batches for number in batch]
    assert len(numbers) == len(set(numbers)) == 20
    assert sorted(numbers) == [f"HOME-2025-{n:05d}" for n in range(1, 21)]
    for batch in batches:
        assert batch == sorted(batch)  # each holder's own numbers only go up
    assert DocumentCounter.objects.get(school=school, kind="asset").last == 20


def desks(numbers):
    headers = template_headers()
    dataset = tablib.Dataset(headers=headers)
    for number in numbers:
        values = dict.fromkeys(headers, "")
        values.update(
            {
                "资产编号": number,
                "资产名称": "学生课桌",
                "分类代码": "6010000",
                "计量单位": "张",
                "单价": "260",
                "取得日期": "2025-03-01",
            }
        )
        dataset.append([values[h] for h in headers])
    return dataset


def importer(school, by, dataset):
    def imported():
        report = importing.import_ledger(
            school_id=school.pk, dataset=dataset, by=by, commit=True
        )
        assert report.committed
        return report.totals

    return imported


def test_an_import_and_a_new_card_at_once_never_collide(school, head, accountant):
    dataset = desks(f"HOME-2025-{n:05d}" for n in range(1, 6))
    (_totals, number), refused = race(
        importer(school, accountant, dataset), new_card(school, head, "打印机")
    )
    assert not refused
    numbers = list(Asset.objects.filter(school=school).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    # Whoever came first, the counter is past every number on the ledger now
    # and the next card gets a number nobody holds.
    counter = DocumentCounter.objects.get(
        school=school, kind="asset", key="HOME-2025-#"
    )
    assert counter.last >= 5 and number in numbers
    assert new_card(school, head, "投影仪")() not in numbers


def test_the_same_file_imported_twice_at_once_is_written_once(school, head, accountant):
    dataset = desks(f"KZ-{n:03d}" for n in range(40))  # not the number pattern
    (first, second), refused = race(
        importer(school, accountant, dataset), importer(school, head, dataset)
    )
    assert not refused
    assert sorted([first["new"], second["new"]]) == [0, 40]
    assert sorted([first["skip"], second["skip"]]) == [0, 40]
    assert Asset.objects.filter(school=school).count() == 40
    assert Asset.history.filter(school=school).count() == 40


# -- disposals ------------------------------------------------------------------------


@pytest.fixture
def proposal(school, head, location):
    asset = AssetFactory(school=school, location=location, status=AssetStatus.IDLE)
    return services.disposal_propose(
        asset=asset, by=head, method="scrap", reason="主板损坏，无法修复"
    )


def settled(proposal):
    proposal.refresh_from_db()
    asset = Asset.objects.get(pk=proposal.asset_id)
    log = TransitionLog.objects.filter(object_id=proposal.pk).exclude(from_state="")
    return proposal.status, asset.status, log.count()


def test_approve_and_withdraw_at_once_one_wins(proposal, director, head):
    results, refused = race(
        lambda: services.disposal_approve(disposal=proposal, by=director),
        lambda: services.disposal_withdraw(disposal=proposal, by=head),
    )
    assert sum(r is not None for r in results) == 1 and len(refused) == 1
    status, asset_status, moves = settled(proposal)
    assert moves == 1
    assert (status, asset_status) in {
        (DisposalStatus.APPROVED, AssetStatus.AWAITING_DISPOSAL),
        (DisposalStatus.WITHDRAWN, AssetStatus.IDLE),
    }


def test_approve_and_reject_at_once_one_wins(proposal, director, school):
    deputy = make_user(school, Role.STAFF, Role.DIRECTOR, username="deputy")
    results, refused = race(
        lambda: services.disposal_approve(disposal=proposal, by=director),
        lambda: services.disposal_reject(
            disposal=proposal, by=deputy, comment="还能用"
        ),
    )
    assert sum(r is not None for r in results) == 1 and len(refused) == 1
    status, asset_status, moves = settled(proposal)
    assert moves == 1
    assert (status, asset_status) in {
        (DisposalStatus.APPROVED, AssetStatus.AWAITING_DISPOSAL),
        (DisposalStatus.REJECTED, AssetStatus.IDLE),
    }


def test_reject_and_withdraw_at_once_one_wins(proposal, director, head):
    results, refused = race(
        lambda: services.disposal_reject(disposal=proposal, by=director, comment="否"),
        lambda: services.disposal_withdraw(disposal=proposal, by=head),
    )
    assert sum(r is not None for r in results) == 1 and len(refused) == 1
    status, asset_status, moves = settled(proposal)
    assert moves == 1 and asset_status == AssetStatus.IDLE
    assert status in {DisposalStatus.REJECTED, DisposalStatus.WITHDRAWN}
    assert Disposal.objects.filter(pk=proposal.pk, status=status).exists()
