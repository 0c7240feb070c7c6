"""Transfers, disposals and stocktakes: each allowed move, each refused one."""

import datetime
import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from assets import depreciation, services
from assets.models import Asset, Disposal, Transfer
from logistics.models import Notification, TransitionLog
from logistics.roles import Role
from tests.factories import LocationFactory, make_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


# -- transfers ---------------------------------------------------------------------


def test_transfer_records_from_to_and_who(head, ledger, people):
    pc = ledger["assets"]["pc1"]
    transfer = services.asset_transfer(
        asset=pc,
        by=head,
        moved_on=TODAY,
        reason="调整办公室",
        location=ledger["other_room"],
        custodian=people["staff"],
    )
    pc.refresh_from_db()
    assert pc.location == ledger["other_room"] and pc.custodian == people["staff"]
    assert transfer.from_location == ledger["room"] and transfer.by == head
    assert pc.department == ledger["office"]  # unchanged


def test_transfer_needs_a_destination_and_a_reason(head, ledger):
    with pytest.raises(ValidationError):
        services.asset_transfer(
            asset=ledger["assets"]["pc1"], by=head, moved_on=TODAY, reason="x"
        )
    with pytest.raises(ValidationError):
        services.asset_transfer(
            asset=ledger["assets"]["pc1"],
            by=head,
            moved_on=TODAY,
            reason=" ",
            location=ledger["other_room"],
        )


def test_room_transfer_moves_every_asset_of_the_room(client_for, head, ledger, school):
    new_room = LocationFactory(
        school=school, building=ledger["room"].building, campus=ledger["room"].campus
    )
    response = client_for(head).post(
        reverse("assets:transfer-room"),
        {
            "from_location": ledger["other_room"].code,
            "location": new_room.code,
            "moved_on": TODAY.isoformat(),
            "reason": "学期末教室调整",
        },
    )
    assert response.status_code == 302
    assert Asset.objects.filter(location=new_room).count() == 3
    batches = set(
        Transfer.objects.filter(to_location=new_room).values_list("batch", flat=True)
    )
    assert len(batches) == 1 and None not in batches


def test_transfer_to_another_schools_room_is_refused(head, ledger, other_school):
    foreign = LocationFactory(
        school=other_school, building__campus__school=other_school
    )
    with pytest.raises(ValidationError):
        services.asset_transfer(
            asset=ledger["assets"]["pc1"],
            by=head,
            moved_on=TODAY,
            reason="x",
            location=foreign,
        )


# -- disposals ---------------------------------------------------------------------


def propose(asset, head):
    return services.disposal_propose(
        asset=asset, by=head, method="scrap", reason="主板损坏"
    )


def test_disposal_proposed_approved_and_disposed(
    head, director, ledger, django_capture_on_commit_callbacks
):
    pc = ledger["assets"]["pc1"]
    with django_capture_on_commit_callbacks(execute=True):
        disposal = propose(pc, head)
    pc.refresh_from_db()
    assert pc.status == "awaiting_disposal"
    assert Notification.objects.filter(recipient=director).exists()
    services.disposal_approve(disposal=disposal, by=director, comment="同意")
    services.disposal_complete(
        disposal=disposal,
        by=head,
        disposed_on=datetime.date(2024, 6, 10),
        proceeds=Decimal("80"),
    )
    pc.refresh_from_db()
    disposal.refresh_from_db()
    assert pc.status == "disposed" and pc.disposed_on == datetime.date(2024, 6, 10)
    assert disposal.status == "disposed" and disposal.proceeds == Decimal("80.00")
    # Depreciation stopped after June 2024; the card stays on file.
    assert depreciation.accumulated(pc, datetime.date(2030, 1, 1)) == Decimal("500.00")
    assert Asset.objects.filter(pk=pc.pk).exists()
    states = [log.to_state for log in disposal.timeline()]
    assert states == ["proposed", "approved", "disposed"]


def test_rejection_restores_the_assets_status(head, director, ledger):
    pc = ledger["assets"]["pc1"]
    Asset.objects.filter(pk=pc.pk).update(status="idle")
    disposal = propose(pc, head)
    services.disposal_reject(disposal=disposal, by=director, comment="还能用")
    pc.refresh_from_db()
    assert pc.status == "idle"
    with pytest.raises(ValidationError):
        services.disposal_complete(disposal=disposal, by=head, disposed_on=TODAY)


def test_withdrawn_proposal_restores_the_asset_and_ends_there(
    client_for, accountant, head, director, ledger
):
    pc = ledger["assets"]["pc1"]
    Asset.objects.filter(pk=pc.pk).update(status="under_repair")
    disposal = propose(pc, head)
    page = client_for(accountant).get(disposal.get_absolute_url())
    assert "撤回处置申请" in page.content.decode()
    response = client_for(accountant).post(
        reverse("assets:disposal-withdraw", args=[disposal.pk]), follow=True
    )
    assert "处置申请已撤回" in response.content.decode()
    pc.refresh_from_db()
    disposal.refresh_from_db()
    assert disposal.status == "withdrawn" and pc.status == "under_repair"
    assert pc.history.first().history_user == accountant
    with pytest.raises(ValidationError):
        services.disposal_approve(disposal=disposal, by=director)
    with pytest.raises(ValidationError):
        services.disposal_withdraw(disposal=disposal, by=head)
    assert (
        "撤回处置申请"
        not in client_for(accountant).get(disposal.get_absolute_url()).content.decode()
    )
    propose(pc, head)  # the asset may be proposed again


def test_only_the_ledger_keepers_withdraw(head, director, ledger):
    disposal = propose(ledger["assets"]["pc1"], head)
    with pytest.raises(ValidationError) as refused:
        services.disposal_withdraw(disposal=disposal, by=director)
    assert refused.value.code == "not_allowed"
    services.disposal_approve(disposal=disposal, by=director)
    with pytest.raises(ValidationError):
        services.disposal_withdraw(disposal=disposal, by=head)


def test_only_the_director_approves(head, accountant, ledger):
    disposal = propose(ledger["assets"]["pc1"], head)
    with pytest.raises(ValidationError) as refused:
        services.disposal_approve(disposal=disposal, by=accountant)
    assert refused.value.code == "not_allowed"


def test_cannot_dispose_before_approval_or_twice(head, director, ledger):
    disposal = propose(ledger["assets"]["pc1"], head)
    with pytest.raises(ValidationError):
        services.disposal_complete(disposal=disposal, by=head, disposed_on=TODAY)
    with pytest.raises(ValidationError):
        propose(ledger["assets"]["pc1"], head)


def test_director_cannot_approve_own_proposal(school, ledger):
    # Someone who keeps the ledger and is also the director.
    both = make_user(school, Role.STAFF, Role.LOGISTICS_HEAD, Role.DIRECTOR)
    disposal = services.disposal_propose(
        asset=ledger["assets"]["pc1"], by=both, method="scrap", reason="旧"
    )
    with pytest.raises(ValidationError):
        services.disposal_approve(disposal=disposal, by=both)


def test_only_the_ledger_keepers_propose_a_disposal(director, ledger):
    with pytest.raises(ValidationError) as refused:
        services.disposal_propose(
            asset=ledger["assets"]["pc1"], by=director, method="scrap", reason="旧"
        )
    assert refused.value.code == "not_allowed"


def test_approve_view_turns_refusal_into_a_message(client_for, director, ledger, head):
    disposal = propose(ledger["assets"]["pc1"], head)
    client = client_for(director)
    client.post(reverse("assets:disposal-approve", args=[disposal.pk]))
    response = client.post(
        reverse("assets:disposal-approve", args=[disposal.pk]), follow=True
    )
    assert response.status_code == 200
    assert any(
        "不能" in str(m) or "Cannot" in str(m) for m in response.context["messages"]
    )
    disposal.refresh_from_db()
    assert disposal.status == "approved"


def test_assets_cannot_be_deleted_from_the_admin(head):
    from django.contrib.admin.sites import site

    assert not site._registry[Asset].has_delete_permission(None)
    assert (
        Disposal._meta.get_field("asset").remote_field.on_delete.__name__ == "PROTECT"
    )


# -- stocktakes --------------------------------------------------------------------


@pytest.fixture
def stocktake(head, ledger, school):
    return services.stocktake_open(school=school, by=head, name="期末盘点")


def test_stocktake_lists_the_scope_and_walks_open_counting_closed(
    stocktake, head, ledger
):
    assert stocktake.lines.count() == 5
    services.stocktake_start(stocktake=stocktake, by=head)
    services.stocktake_close(stocktake=stocktake, by=head)
    stocktake.refresh_from_db()
    assert stocktake.status == "closed"
    with pytest.raises(ValidationError):
        services.stocktake_start(stocktake=stocktake, by=head)
    assert TransitionLog.objects.for_object(stocktake).count() == 3


def test_scope_by_department(head, ledger, school):
    taken = services.stocktake_open(
        school=school, by=head, name="信息中心", department=ledger["office"]
    )
    assert taken.lines.count() == 2


def test_scan_marks_found_or_wrong_place(stocktake, head, ledger):
    pc = ledger["assets"]["pc1"]
    line = services.stocktake_scan(
        stocktake=stocktake, by=head, number=pc.number, location=ledger["room"]
    )
    assert line.result == "found"
    moved = services.stocktake_scan(
        stocktake=stocktake,
        by=head,
        number=ledger["assets"]["pc2"].number,
        location=ledger["other_room"],
    )
    assert (
        moved.result == "wrong_place" and moved.found_location == ledger["other_room"]
    )
    with pytest.raises(ValidationError):
        services.stocktake_scan(
            stocktake=stocktake, by=head, number="NOPE", location=ledger["room"]
        )


def test_apply_results_updates_status_and_location_once(stocktake, head, ledger):
    a = ledger["assets"]
    lines = {line.asset_id: line for line in stocktake.lines.all()}
    services.stocktake_mark(line=lines[a["pc1"].pk], by=head, result="found")
    services.stocktake_mark(
        line=lines[a["pc2"].pk],
        by=head,
        result="wrong_place",
        found_location=ledger["other_room"],
    )
    services.stocktake_mark(line=lines[a["projector"].pk], by=head, result="missing")
    services.stocktake_mark(line=lines[a["desks"].pk], by=head, result="damaged")
    services.stocktake_add_extra(
        stocktake=stocktake, by=head, location=ledger["room"], description="旧打印机"
    )
    with pytest.raises(ValidationError):
        services.stocktake_apply(stocktake=stocktake, by=head)  # not closed yet
    services.stocktake_close(stocktake=stocktake, by=head)
    with pytest.raises(ValidationError):
        services.stocktake_mark(line=lines[a["books"].pk], by=head, result="found")
    changed = services.stocktake_apply(stocktake=stocktake, by=head)
    assert changed == 4  # books were never counted: lost too
    for asset in a.values():
        asset.refresh_from_db()
    assert a["pc1"].status == "in_use"
    assert a["pc2"].location == ledger["other_room"]
    assert a["projector"].status == "lost" and a["books"].status == "lost"
    assert a["desks"].condition == "broken"
    assert "盘点“期末盘点”" in a["pc2"].history.first().history_change_reason
    with pytest.raises(ValidationError):
        services.stocktake_apply(stocktake=stocktake, by=head)


def test_room_page_and_mark_view_on_a_phone(client_for, stocktake, head, ledger):
    client = client_for(head)
    url = reverse("assets:stocktake-room", args=[stocktake.pk, ledger["room"].pk])
    page = client.get(url)
    assert ledger["assets"]["pc1"].number in page.content.decode()
    line = stocktake.lines.get(asset=ledger["assets"]["pc1"])
    response = client.post(
        reverse("assets:stocktake-mark", args=[line.pk]), {"result": "missing"}
    )
    assert response.status_code == 302 and response["Location"] == url
    line.refresh_from_db()
    assert line.result == "missing" and line.counted_by == head


def test_discrepancy_report_excel_and_pdf(client_for, stocktake, head, ledger):
    lines = {line.asset_id: line for line in stocktake.lines.all()}
    services.stocktake_mark(
        line=lines[ledger["assets"]["pc1"].pk], by=head, result="found"
    )
    services.stocktake_mark(
        line=lines[ledger["assets"]["projector"].pk], by=head, result="missing"
    )
    services.stocktake_add_extra(
        stocktake=stocktake,
        by=head,
        location=ledger["room"],
        description="旧打印机",
        quantity=2,
    )
    client = client_for(head)
    response = client.get(reverse("assets:stocktake-report-xlsx", args=[stocktake.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["A1"].value == "盘点差异表：期末盘点"
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    numbers = [row[0] for row in values]
    assert ledger["assets"]["projector"].number in numbers
    assert ledger["assets"]["pc1"].number not in numbers
    projector = next(r for r in values if r[0] == ledger["assets"]["projector"].number)
    assert projector[4] == "盘亏"
    assert any(r[1] == "旧打印机" and r[4] == "账外（盘盈）" for r in values)
    pdf = client.get(reverse("assets:stocktake-report-pdf", args=[stocktake.pk]))
    from .test_pdf import pdf_text

    text = pdf_text(pdf.content)
    assert "盘点差异报告" in text and "旧打印机" in text
