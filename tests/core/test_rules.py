"""Each school's own rules: two schools of one installation side by side, each
honoured by the real services; the installation's defaults for a school that set
nothing; reads cached for a request; the rules page, for its editors only."""

import datetime
import io
import os
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

import pytest
from PIL import Image

from assets import services as asset_services
from assets.choices import AssetClass
from assets.photos import check_photo
from logistics.models import SchoolRule, SchoolRuleChange
from logistics.roles import Role
from logistics.rules import rule_value, rules_cached, school_rules_set
from repairs import services as repair_services
from repairs.choices import RepairStatus
from repairs.forms import RepairRequestForm
from repairs.models import RepairRequest
from repairs.photos import check_image
from tests.assets.factories import AssetFactory, category
from tests.factories import LocationFactory, make_user
from tests.repairs.factories import RepairRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def english():
    """Services' refusals read in the source language; pages choose their own."""
    with translation.override("en"):
        yield


@pytest.fixture
def schools(school, other_school):
    return school, other_school


def editor(school, role=Role.ADMINISTRATOR):
    return make_user(school, Role.STAFF, role)


def set_rules(school, **values):
    """Set rules ("repairs__AUTO_CONFIRM_DAYS"=3) as the school's administrator."""
    return school_rules_set(
        school=school,
        values={key.replace("__", "."): value for key, value in values.items()},
        by=editor(school),
    )


def place(school):
    return LocationFactory(school=school, building__campus__school=school)


# -- the installation's defaults ----------------------------------------------------


def test_a_school_that_set_nothing_gets_the_installation_defaults(settings, school):
    del settings.REPAIRS
    del settings.ASSETS
    assert rule_value(school, "repairs.DUE_HOURS") == {
        "normal": 72,
        "urgent": 24,
        "emergency": 4,
    }
    assert rule_value(school, "repairs.AUTO_CONFIRM_DAYS") == 7
    assert rule_value(school, "repairs.MAX_PHOTOS") == 4
    assert rule_value(school, "repairs.MAX_PHOTO_BYTES") == 5 * 1024 * 1024
    assert rule_value(school, "repairs.NUMBER_PATTERN") == "BX{year}{seq:06d}"
    assert rule_value(school, "assets.CAPITALISATION_THRESHOLD") == Decimal("1000")
    assert rule_value(school, "assets.NUMBER_PATTERN") == "{school}-{year}-{seq:05d}"
    assert rule_value(school, "assets.LIST_PAGE_SIZE") == 50
    assert rule_value(school, "assets.MAX_PHOTO_BYTES") == 8 * 1024 * 1024


def test_the_environments_settings_are_the_installations_defaults(settings, schools):
    school, other = schools
    settings.REPAIRS = {"AUTO_CONFIRM_DAYS": 5, "DUE_HOURS": {"emergency": 2}}
    settings.ASSETS = {"CAPITALISATION_THRESHOLD": Decimal("1500")}
    set_rules(other, repairs__AUTO_CONFIRM_DAYS=9)
    assert rule_value(school, "repairs.AUTO_CONFIRM_DAYS") == 5
    assert rule_value(school, "repairs.DUE_HOURS")["emergency"] == 2
    assert rule_value(school, "assets.CAPITALISATION_THRESHOLD") == Decimal("1500")
    assert rule_value(other, "repairs.AUTO_CONFIRM_DAYS") == 9  # its own wins


# -- two schools side by side, each honoured by the services ----------------------------


def test_repairs_are_due_by_each_schools_own_hours(schools):
    school, other = schools
    set_rules(school, repairs__DUE_HOURS={"normal": 48, "urgent": 12, "emergency": 2})
    for where, hours in [(school, 12), (other, 24)]:
        repair = repair_services.repair_request_create(
            location=place(where),
            category="water",
            description="漏水",
            urgency="urgent",
            by=make_user(where, Role.STAFF),
        )
        assert repair.due_at - repair.created_at == datetime.timedelta(hours=hours)


def test_auto_confirmation_waits_each_schools_own_days(schools):
    school, other = schools
    set_rules(school, repairs__AUTO_CONFIRM_DAYS=3)
    four_days_ago = timezone.now() - datetime.timedelta(days=4)
    done = {
        where.code: RepairRequestFactory(
            location=place(where),
            requester=make_user(where, Role.STAFF),
            status=RepairStatus.DONE,
            done_at=four_days_ago,
        )
        for where in schools
    }
    out = io.StringIO()
    call_command("repairs_auto_confirm", stdout=out)
    assert (
        RepairRequest.objects.get(pk=done["HOME"].pk).status == RepairStatus.CONFIRMED
    )
    assert RepairRequest.objects.get(pk=done["OTHER"].pk).status == RepairStatus.DONE
    assert "1" in out.getvalue()
    # Days given on the command line still apply to every school.
    assert repair_services.repair_requests_auto_confirm(days=4) == 1


def test_each_school_classes_new_assets_by_its_own_threshold(schools):
    school, other = schools
    set_rules(school, assets__CAPITALISATION_THRESHOLD=Decimal("5000"))
    classes = {
        where.code: asset_services.asset_create(
            school=where,
            by=make_user(where, Role.STAFF, Role.LOGISTICS_HEAD),
            name="打印机",
            category=category(where),
            unit_price=Decimal("2000"),
            acquired_on=datetime.date(2025, 3, 1),
        ).asset_class
        for where in schools
    }
    assert classes == {"HOME": AssetClass.LOW_VALUE, "OTHER": AssetClass.FIXED}


def test_each_school_numbers_by_its_own_patterns(schools):
    school, other = schools
    set_rules(
        school,
        assets__NUMBER_PATTERN="ZC{year}-{seq:04d}",
        repairs__NUMBER_PATTERN="{school}-BX{year}{month:02d}-{seq:04d}",
    )
    at = timezone.make_aware(datetime.datetime(2025, 3, 9, 10))
    numbers = {}
    for where in schools:
        asset = asset_services.asset_create(
            school=where,
            by=make_user(where, Role.STAFF, Role.LOGISTICS_HEAD),
            name="投影仪",
            category=category(where),
            unit_price=Decimal("3000"),
            acquired_on=datetime.date(2025, 3, 1),
        )
        repair = repair_services.repair_request_create(
            location=place(where),
            category="water",
            description="漏水",
            by=make_user(where, Role.STAFF),
            at=at,
        )
        numbers[where.code] = (asset.number, repair.number)
    assert numbers == {
        "HOME": ("ZC2025-0001", "HOME-BX202503-0001"),
        "OTHER": ("OTHER-2025-00001", "BX2025000001"),
    }


def test_each_school_limits_photos_its_own_way(schools):
    school, other = schools
    set_rules(
        school,
        repairs__MAX_PHOTOS=2,
        repairs__MAX_PHOTO_BYTES=200 * 1024,
        assets__MAX_PHOTO_BYTES=200 * 1024,
    )
    forms = {
        where.code: RepairRequestForm(user=make_user(where, Role.STAFF))
        for where in schools
    }
    assert forms["HOME"].fields["photos"].max_files == 2
    assert forms["OTHER"].fields["photos"].max_files == 4
    assert "0.2 MB" in forms["HOME"].fields["photos"].help_text
    big = noise_jpeg()  # ~400 KB: over HOME's 200 KB, under the defaults
    with pytest.raises(ValidationError):
        check_image(upload(big), school=school)
    with pytest.raises(ValidationError):
        check_photo(upload(big), school=school)
    check_image(upload(big), school=other)
    check_photo(upload(big), school=other)


def test_photo_refused_on_the_filing_page_by_the_schools_limit(schools, client_for):
    school, _other = schools
    set_rules(school, repairs__MAX_PHOTO_BYTES=200 * 1024)
    staff = make_user(school, Role.STAFF)
    response = client_for(staff).post(
        reverse("repairs:new"),
        {
            "location": place(school).pk,
            "category": "water",
            "description": "漏水",
            "urgency": "normal",
            "contact_phone": "13900000000",
            "photos": [upload(noise_jpeg())],
        },
    )
    assert "photos" in response.context["form"].errors
    assert not RepairRequest.objects.exists()


def test_the_ledger_pages_by_each_schools_own_size(schools, client_for):
    school, other = schools
    set_rules(school, assets__LIST_PAGE_SIZE=10)
    sizes = {}
    for where in schools:
        AssetFactory.create_batch(12, school=where, category=category(where))
        viewer = make_user(where, Role.STAFF, Role.LOGISTICS_HEAD)
        response = client_for(viewer).get(reverse("assets:list"))
        sizes[where.code] = len(response.context["page_obj"].object_list)
    assert sizes == {"HOME": 10, "OTHER": 12}


def noise_jpeg(side=600):
    """A real photo of noise, which no JPEG makes small: about 400 KB."""
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=95)
    return out.getvalue()


def upload(content):
    return SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg")


# -- reading: one query a request, a change seen at once ---------------------------------


def test_a_request_reads_the_schools_rules_once(school, django_assert_num_queries):
    set_rules(school, repairs__AUTO_CONFIRM_DAYS=3)
    with rules_cached():
        with django_assert_num_queries(1):
            assert rule_value(school, "repairs.AUTO_CONFIRM_DAYS") == 3
            assert rule_value(school, "repairs.MAX_PHOTOS") == 4
            assert rule_value(school.pk, "assets.LIST_PAGE_SIZE") == 50


def test_a_change_is_read_at_once_in_the_same_request(school):
    with rules_cached():
        assert rule_value(school, "repairs.AUTO_CONFIRM_DAYS") == 7
        set_rules(school, repairs__AUTO_CONFIRM_DAYS=3)
        assert rule_value(school, "repairs.AUTO_CONFIRM_DAYS") == 3
        SchoolRule.objects.filter(school=school).delete()  # by hand too
        assert rule_value(school, "repairs.AUTO_CONFIRM_DAYS") == 7


def test_a_page_costs_one_query_for_any_number_of_rules(school, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    set_rules(school, repairs__MAX_PHOTOS=2)
    client = client_for(make_user(school, Role.STAFF))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("repairs:new"))  # reads MAX_PHOTOS and MAX_PHOTO_BYTES
    reads = [q for q in queries.captured_queries if "logistics_schoolrule" in q["sql"]]
    assert len(reads) == 1


# -- changing: who may, what is kept, what is logged ----------------------------------------


def test_only_the_schools_administrator_or_head_may_change_its_rules(schools):
    school, other = schools
    values = {"repairs.AUTO_CONFIRM_DAYS": 3}
    for outsider in (make_user(school, Role.STAFF), editor(other)):
        with pytest.raises(PermissionDenied):
            school_rules_set(school=school, values=values, by=outsider)
    school_rules_set(
        school=school, values=values, by=editor(school, Role.LOGISTICS_HEAD)
    )
    assert rule_value(school, "repairs.AUTO_CONFIRM_DAYS") == 3
    assert rule_value(other, "repairs.AUTO_CONFIRM_DAYS") == 7


def test_each_change_is_logged_with_who_and_the_values_before_and_after(school):
    head = editor(school, Role.LOGISTICS_HEAD)
    school_rules_set(school=school, values={"repairs.AUTO_CONFIRM_DAYS": 3}, by=head)
    school_rules_set(school=school, values={"repairs.AUTO_CONFIRM_DAYS": 5}, by=head)
    school_rules_set(school=school, values={"repairs.AUTO_CONFIRM_DAYS": 5}, by=head)
    changes = list(SchoolRuleChange.objects.for_school(school).order_by("at", "id"))
    assert [(c.key, c.old_value, c.new_value, c.by) for c in changes] == [
        ("repairs.AUTO_CONFIRM_DAYS", 7, 3, head),
        ("repairs.AUTO_CONFIRM_DAYS", 3, 5, head),
    ]


def test_a_value_equal_to_the_default_follows_the_installation(settings, school):
    set_rules(school, repairs__AUTO_CONFIRM_DAYS=3)
    set_rules(school, repairs__AUTO_CONFIRM_DAYS=7)
    assert not SchoolRule.objects.filter(school=school).exists()
    settings.REPAIRS = {"AUTO_CONFIRM_DAYS": 10}
    assert rule_value(school, "repairs.AUTO_CONFIRM_DAYS") == 10


@pytest.mark.parametrize(
    "key,value,message",
    [
        ("repairs.AUTO_CONFIRM_DAYS", 0, "At least 1 days."),
        ("repairs.MAX_PHOTOS", 11, "At most 10."),
        ("repairs.DUE_HOURS", {"normal": 72}, "Give a value for each line."),
        ("assets.CAPITALISATION_THRESHOLD", "很多", "This is not a valid value."),
        ("assets.NUMBER_PATTERN", "ZC-{year}", "must contain the running number"),
        ("assets.NUMBER_PATTERN", "ZC-{seq}-{seq}", "must contain the running number"),
        ("assets.NUMBER_PATTERN", "ZC-{room}-{seq}", "Unknown placeholder {room}"),
        ("repairs.NUMBER_PATTERN", "BX{category}{seq}", "Unknown placeholder"),
        ("assets.NUMBER_PATTERN", "{school.__class__}{seq}", "Unknown placeholder"),
        ("assets.NUMBER_PATTERN", "{school!r}{seq}", "cannot be written that way"),
        ("assets.NUMBER_PATTERN", "{seq:{school}}", "cannot be written that way"),
        ("assets.NUMBER_PATTERN", "ZC-{seq", "Braces must come in pairs"),
        (
            "repairs.NUMBER_PATTERN",
            "BX{year}{seq:030d}",
            "Numbers would be too long",
        ),
        ("assets.NUMBER_PATTERN", "X" * 41 + "{seq}", "At most 40 characters"),
    ],
)
def test_bad_values_are_refused_with_a_reason(school, key, value, message):
    with pytest.raises(ValidationError) as refused:
        school_rules_set(school=school, values={key: value}, by=editor(school))
    assert message in " ".join(refused.value.message_dict[key])
    assert not SchoolRule.objects.exists()


# -- the rules page -----------------------------------------------------------------------


def page_data(response, **changes):
    """The page's form as the browser would send it back, with ``changes``."""
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update(changes)
    return data


URL = "/settings/rules/"


def test_the_rules_page_shows_every_apps_rules_with_their_defaults(school, client_for):
    response = client_for(editor(school)).get(reverse("school-rules"))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("维修", "固定资产", "自动确认", "资产编号", "系统默认"):
        assert text in page
    assert response.context["form"]["repairs__AUTO_CONFIRM_DAYS"].value() == 7


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.LOGISTICS_HEAD])
def test_the_administrator_and_the_head_change_the_rules_on_the_page(
    school, client_for, role
):
    client = client_for(editor(school, role))
    page = client.get(URL)
    response = client.post(
        URL,
        page_data(
            page,
            repairs__AUTO_CONFIRM_DAYS="3",
            repairs__DUE_HOURS__urgent="12",
            repairs__MAX_PHOTO_BYTES="2.5",
            assets__NUMBER_PATTERN="ZC{year}{seq:04d}",
        ),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == URL
    assert rule_value(school, "repairs.AUTO_CONFIRM_DAYS") == 3
    assert rule_value(school, "repairs.DUE_HOURS") == {
        "normal": 72,
        "urgent": 12,
        "emergency": 4,
    }
    assert rule_value(school, "repairs.MAX_PHOTO_BYTES") == int(2.5 * 1024 * 1024)
    assert rule_value(school, "assets.NUMBER_PATTERN") == "ZC{year}{seq:04d}"
    # Only what was changed is kept; the rest still follows the installation.
    assert SchoolRule.objects.filter(school=school).count() == 4
    page = response.content.decode()
    assert "4 条规则已修改" in page and "ZC{year}{seq:04d}" in page


@pytest.mark.parametrize("role", [Role.STAFF, Role.TECHNICIAN, Role.DIRECTOR])
def test_others_may_not_open_the_rules_page(school, client_for, role):
    client = client_for(make_user(school, role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"repairs__AUTO_CONFIRM_DAYS": "1"}).status_code == 403
    assert not SchoolRule.objects.exists()


def test_another_schools_rules_are_not_shown(schools, client_for):
    school, other = schools
    set_rules(other, repairs__AUTO_CONFIRM_DAYS=11)
    response = client_for(editor(school)).get(URL)
    assert response.context["form"]["repairs__AUTO_CONFIRM_DAYS"].value() == 7
    assert response.context["changes"] == []
    # (Not a bare "11": the page names the user, whose generated login may hold it.)
    assert 'value="11"' not in response.content.decode()


def test_bad_values_are_refused_and_the_form_keeps_what_was_typed(school, client_for):
    client = client_for(editor(school))
    page = client.get(URL)
    response = client.post(
        URL,
        page_data(
            page,
            repairs__AUTO_CONFIRM_DAYS="0",
            repairs__MAX_PHOTOS="3",
            assets__NUMBER_PATTERN="ZC-{room}",
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"repairs__AUTO_CONFIRM_DAYS", "assets__NUMBER_PATTERN"}
    page = response.content.decode()
    assert "ZC-{room}" in page and 'value="0"' in page and 'value="3"' in page
    assert "未知的占位符 {room}" in page  # in the page's language
    assert not SchoolRule.objects.exists()  # nothing saved, not even the good one
