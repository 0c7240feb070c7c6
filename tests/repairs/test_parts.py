"""Parts used: the technician records them while working; the head corrects them."""

import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from logistics.models import Notification
from logistics.roles import Role
from repairs import services
from repairs.choices import RepairStatus
from repairs.models import RepairPart

from ..factories import make_user
from .factories import RepairRequestFactory

pytestmark = pytest.mark.django_db
S = RepairStatus


@pytest.fixture
def tube(in_progress, technician):
    return services.repair_part_add(
        repair=in_progress, name="LED灯管", quantity=2, unit="根", by=technician
    )


@pytest.fixture
def finished(tube, technician):
    """A job marked done with the tube recorded while working."""
    return services.repair_request_done(
        repair=tube.repair, work_done="更换灯管", by=technician
    )


def notes(repair):
    """Timeline lines that are not status changes."""
    return [e.comment for e in repair.timeline() if e.from_state == e.to_state]


def test_technician_records_and_fixes_parts_while_working(in_progress, technician):
    part = services.repair_part_add(
        repair=in_progress, name="LED灯管", quantity="2", unit="根", by=technician
    )
    services.repair_part_change(
        repair=in_progress,
        part=part,
        name="LED灯管",
        quantity=3,
        unit="根",
        by=technician,
    )
    assert RepairPart.objects.get(pk=part.pk).quantity == 3
    services.repair_part_remove(repair=in_progress, part=part, by=technician)
    assert not in_progress.parts.exists()
    assert notes(in_progress) == []  # the technician's own work is not a correction


def test_technician_cannot_touch_parts_once_done(finished, technician, tube):
    for action in (
        lambda: services.repair_part_add(
            repair=finished, name="启辉器", quantity=1, by=technician
        ),
        lambda: services.repair_part_change(
            repair=finished, part=tube, name="x", quantity=1, by=technician
        ),
        lambda: services.repair_part_remove(repair=finished, part=tube, by=technician),
    ):
        with pytest.raises(ValidationError) as refused:
            action()
        assert refused.value.code == "not_open"
    assert list(finished.parts.values_list("name", "quantity")) == [
        ("LED灯管", Decimal("2.00"))
    ]


@pytest.mark.parametrize("who", ["staff", "other_technician", "accountant"])
def test_others_may_not_record_parts(request, in_progress, who):
    with pytest.raises(ValidationError) as refused:
        services.repair_part_add(
            repair=in_progress,
            name="灯管",
            quantity=1,
            by=request.getfixturevalue(who),
        )
    # Staff and the accountant lack the permission; another technician is not the
    # one assigned: either way the same reason.
    assert refused.value.code in {"not_allowed", "not_technician"}
    assert "Only the assigned technician records parts" in refused.value.messages[0]
    assert not in_progress.parts.exists()


def test_head_corrects_parts_after_confirmation(
    finished, staff, head, technician, tube, django_capture_on_commit_callbacks
):
    repair = services.repair_request_confirm(repair=finished, rating=5, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.repair_part_change(
            repair=repair, part=tube, name="LED灯管 T8", quantity=3, unit="根", by=head
        )
        added = services.repair_part_add(
            repair=repair, name="启辉器", quantity=1, unit="个", by=head
        )
        services.repair_part_remove(repair=repair, part=added, by=head)
    assert [str(p) for p in repair.parts.all()] == ["LED灯管 T8 × 3根"]
    assert notes(repair) == [
        "Part corrected: LED灯管 × 2根 → LED灯管 T8 × 3根",
        "Part added: 启辉器 × 1个",
        "Part removed: 启辉器 × 1个",
    ]
    assert all(e.by == head for e in repair.timeline() if e.from_state == e.to_state)
    assert repair.status == S.CONFIRMED  # a correction moves nothing
    told = Notification.objects.filter(
        recipient=technician, title_en__contains="corrected"
    )
    assert told.count() == 3


def test_head_cannot_add_parts_where_no_work_was_done(filed, head, staff):
    with pytest.raises(ValidationError) as refused:
        services.repair_part_add(repair=filed, name="灯管", quantity=1, by=head)
    assert refused.value.code == "no_work"
    services.repair_request_cancel(repair=filed, by=staff)
    with pytest.raises(ValidationError):
        services.repair_part_add(repair=filed, name="灯管", quantity=1, by=head)


def test_head_of_another_school_cannot_correct(finished, other_school, tube):
    stranger = make_user(other_school, Role.STAFF, Role.LOGISTICS_HEAD, username="h2")
    with pytest.raises(ValidationError) as refused:
        services.repair_part_remove(repair=finished, part=tube, by=stranger)
    assert refused.value.code == "other_school"
    assert finished.parts.count() == 1


def test_bad_quantities_and_names_are_refused(in_progress, technician, tube):
    with pytest.raises(ValidationError):
        services.repair_part_change(
            repair=in_progress, part=tube, name="LED灯管", quantity=0, by=technician
        )
    with pytest.raises(ValidationError):
        services.repair_part_add(
            repair=in_progress, name="  ", quantity=1, by=technician
        )
    assert RepairPart.objects.get(pk=tube.pk).quantity == 2


def test_a_part_of_another_request_is_not_found(
    client_for, head, finished, tube, staff, location
):
    other = RepairRequestFactory(location=location, requester=staff, status=S.DONE)
    url = reverse("repairs:part-remove", args=[other.pk, tube.pk])
    assert client_for(head).post(url).status_code == 404
    assert RepairPart.objects.filter(pk=tube.pk).exists()


def test_head_corrects_through_the_page_and_the_ledger_follows(
    client_for, head, finished, tube
):
    client = client_for(head)
    page = client.get(finished.get_absolute_url())
    assert page.context["can_edit_parts"]
    content = page.content.decode()
    assert reverse("repairs:part-change", args=[finished.pk, tube.pk]) in content
    response = client.post(
        reverse("repairs:part-change", args=[finished.pk, tube.pk]),
        {
            f"part-{tube.pk}-name": "LED灯管",
            f"part-{tube.pk}-quantity": "4",
            f"part-{tube.pk}-unit": "根",
        },
    )
    assert response.status_code == 302
    client.post(
        reverse("repairs:part-add", args=[finished.pk]),
        {"name": "灯架", "quantity": "1", "unit": "个"},
    )
    assert [str(p) for p in finished.parts.all()] == ["LED灯管 × 4根", "灯架 × 1个"]

    export = client.get(reverse("repairs:export") + "?status=done")
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    [row] = sheet.iter_rows(min_row=4, values_only=True)
    assert row[15] == "LED灯管×4根、灯架×1个"
    items = client.get(reverse("repairs:stats")).context["stats"]["items"]
    assert {(i["name"], i["quantity"]) for i in items} == {
        ("LED灯管", Decimal("4")),
        ("灯架", Decimal("1")),
    }

    client.post(reverse("repairs:part-remove", args=[finished.pk, tube.pk]))
    assert [p.name for p in finished.parts.all()] == ["灯架"]


def test_the_technician_sees_no_correction_forms_once_done(
    client_for, technician, finished, tube
):
    page = client_for(technician).get(finished.get_absolute_url())
    assert not page.context["can_edit_parts"]
    assert reverse("repairs:part-add", args=[finished.pk]) not in page.content.decode()
    response = client_for(technician).post(
        reverse("repairs:part-remove", args=[finished.pk, tube.pk]), follow=True
    )
    assert any(m.level_tag == "error" for m in response.context["messages"])
    assert RepairPart.objects.filter(pk=tube.pk).exists()
