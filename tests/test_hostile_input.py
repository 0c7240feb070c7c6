"""Every form of every app, fed the same hostile input, field by field.

The forms are found, not listed: every URL the project serves (the permission
walk's list) whose view posts a form, and every list whose FilterSet reads the
query string. Each field in turn gets values that have broken pages before (year
1, year 9999, a 10 kB string, a NUL byte, NaN…) while the other fields hold a
valid baseline, posted by a role that may use the form. Each answer must be a
clear refusal that changed no row, or a clean save whose rows read back (with the
text as typed) and whose document's page still opens. Never a 500.
"""

import datetime

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

import pytest

from logistics.roles import Role

from .access import ANY
from .factories import LocationFactory
from .test_permission_walk import World, access_tables, served_url_names

TEN_KB = "长" * 10240
DATES = ["0001-01-01", "9999-12-31", "1900-01-01", "2024-02-30", "not a date"]
DATETIMES = [
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "1900-01-01T00:00",
    "2024-02-30T10:00",
    "not a date",
]
NUMBERS = ["1e309", "-1", "99999999999999999", "NaN", "Infinity"]
TEXTS = ["😀🏫", "\u202e", "<script>alert(1)</script>", "\x01"]
# Every field gets these too, whatever it holds.
ALWAYS = [TEN_KB, "\x00"]
# Text that, once saved, must read back exactly as it was typed.
READ_BACK = {"😀🏫", "<script>alert(1)</script>"}
# Text no field may keep: longer than any field's limit, or control characters.
NEVER_STORED = {TEN_KB, "\x00", "\x01", "\u202e"}

# Pages that read a form from the query string, by URL name: the form's class path.
GET_FORMS = {"assets:depreciation": "assets.forms.DepreciationForm"}
# Forms that take no typed input (a session's upload is confirmed), or only a file.
NO_TYPED_INPUT = {"logout", "set_language", "assets:import-confirm"}
# The tables a form may write, which a refusal must leave as they were: its own
# app's, the core's (the timeline, notices) and the users'. Apps never write
# each other's tables (they ask the core's registry), so the others are not read.
CORE_APPS = ("logistics",)
# Who posts each form, when the access table allows several roles.
ROLE_PREFERENCE = (
    Role.LOGISTICS_HEAD,
    Role.TECHNICIAN,
    Role.DIRECTOR,
    Role.ACCOUNTANT,
    Role.STAFF,
)


def hostile_values(field):
    """The hostile set for one form field, by what the field holds."""
    if isinstance(field, (forms.FileField, forms.BooleanField)):
        return []
    if isinstance(field, forms.DateTimeField):
        values = DATETIMES
    elif isinstance(field, forms.DateField):
        values = DATES
    elif isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        values = NUMBERS
    elif isinstance(field, forms.ChoiceField):
        values = ["99999999999999999", "<script>"]
    else:
        values = TEXTS
    return [*values, *ALWAYS]


# -- baselines: valid data, so the hostile value is the only thing wrong ------------


def _soon():
    return (timezone.localtime() + datetime.timedelta(days=2)).strftime(
        "%Y-%m-%dT%H:%M"
    )


def _today():
    return timezone.localdate().isoformat()


def _asset_data(world, school, n):
    from tests.assets.factories import category

    return {
        "name": f"台式计算机{n}",
        "category": category(school).pk,
        "quantity": "1",
        "unit": "台",
        "unit_price": "4800.00",
        "acquired_on": "2024-01-15",
        "acquisition_method": "purchase",
        "funding_source": "budget",
        "usage_direction": "own_use",
        "status": "in_use",
        "condition": "good",
        "location": world.location(school).pk,
    }


def _technician(world, school):
    return world.user(school, Role.TECHNICIAN.value).pk


def _two_rooms(world, school):
    from tests.assets.factories import AssetFactory

    room = world.location(school)
    AssetFactory(school=school, location=room)
    other = LocationFactory(school=school, building=room.building, campus=room.campus)
    return room.code, other.code


def _species(school):
    from tests.greening.factories import species

    return species(school).pk


def _zone_data(world, school, n):
    return {
        "name": f"片区{n}",
        "kind": "green_area",
        "campus": world.location(school).campus_id,
        "area": "120",
        "standard": "无杂草、无垃圾",
        "is_active": "on",
    }


GREENING_BASELINES = {
    "greening:zone-new": lambda world, school, kwargs, n: _zone_data(world, school, n),
    "greening:zone-edit": lambda world, school, kwargs, n: _zone_data(world, school, n),
    "greening:zone-outline": lambda world, school, kwargs, n: {
        "outline": "[[0.1,0.1],[0.5,0.1],[0.5,0.4]]"
    },
    "greening:plant-add": lambda world, school, kwargs, n: {
        "plant-species": _species(school),
        "plant-count": "3",
        "plant-condition": "thriving",
        "plant-note": "长势好",
    },
    "greening:plant-edit": lambda world, school, kwargs, n: {
        "species": _species(school),
        "count": "4",
        "condition": "needs_care",
        "note": "缺水",
    },
    "greening:planting-new": lambda world, school, kwargs, n: {
        "held_on": _today(),
        "count": "0",
        "others": "初一全体",
        "note": "植树",
    },
    "greening:plan-new": lambda world, school, kwargs, n: {
        "task": "water",
        "at": "05:00",
        "starts_on": _today(),
        "skip_holidays": "on",
        "is_active": "on",
    },
    "greening:plan-edit": lambda world, school, kwargs, n: {
        "task": "water",
        "at": "05:00",
        "starts_on": _today(),
        "is_active": "on",
    },
    "greening:care-log": lambda world, school, kwargs, n: {
        "care-task": "spray",
        "care-note": "喷药",
        "care-product": "吡虫啉",
        "care-amount": "0.5",
        "care-amount_unit": "升",
        "care-safety_note": "两天内勿入",
        "care-material_name": "吡虫啉",
        "care-material_quantity": "1",
        "care-material_unit": "瓶",
    },
    "greening:inspect": lambda world, school, kwargs, n: {
        "score-green": "8",
        "score-beautiful": "8",
        "score-clean_score": "8",
        "score-fragrant": "8",
        "score-remarks": "整洁",
        "score-problem": "围栏倒了",
        "score-repair_category": "other",
    },
    "greening:inspection-repair": lambda world, school, kwargs, n: {
        "repair-repair_category": "other"
    },
}


BASELINES = {
    "safety:visitors": lambda world, school, kwargs, n: {
        "name": f"王五{n}",
        "phone": "13800001111",
        "id_number": "44030519900101123X",
        "organisation": "顺丰速运",
        "host": "陈志强",
        "reason": "送货",
        "plate": "",
        "people": "1",
    },
    "safety:hazard-new": lambda world, school, kwargs, n: {
        "location": world.location(school).pk,
        "description": f"楼梯扶手松动{n}",
        "level": "general",
    },
    "safety:roster-add": lambda world, school, kwargs, n: {
        "day": _today(),
        "shift": "night",
        "person": world.user(school, Role.ON_DUTY.value).pk,
    },
    "safety:roster-swap": lambda world, school, kwargs, n: {
        "person": world.user(school, Role.ON_DUTY.value).pk,
        "reason": "家中有事",
    },
    "login": lambda world, school, kwargs, n: {
        "username": world.user(school, Role.STAFF.value).username,
        "password": "wrong-password",
    },
    "password_change": lambda world, school, kwargs, n: {
        "old_password": "pw-test-12345"
    },
    "repairs:new": lambda world, school, kwargs, n: {
        "location": world.location(school).pk,
        "category": "lighting",
        "description": f"后排灯管不亮{n}",
        "urgency": "normal",
        "contact_phone": "13900000000",
        "file_anyway": "on",
    },
    "repairs:cancel": lambda world, school, kwargs, n: {"cancel-reason": "不需要了"},
    "repairs:confirm": lambda world, school, kwargs, n: {
        "rating": "5",
        "comment": "好",
    },
    "repairs:reopen": lambda world, school, kwargs, n: {"reopen-reason": "还是坏的"},
    "repairs:assign": lambda world, school, kwargs, n: {
        "technician": _technician(world, school),
        "due_at": _soon(),
        "comment": "尽快",
    },
    "repairs:reject": lambda world, school, kwargs, n: {"reject-reason": "重复"},
    "repairs:done": lambda world, school, kwargs, n: {
        "work_done": "换了灯管",
        "labour_hours": "1",
        "cost": "0",
    },
    "repairs:part-add": lambda world, school, kwargs, n: {
        "name": "灯管",
        "quantity": "1",
        "unit": "根",
    },
    "repairs:part-change": lambda world, school, kwargs, n: {
        f"part-{kwargs['part_pk']}-name": f"灯管{n}",
        f"part-{kwargs['part_pk']}-quantity": "2",
        f"part-{kwargs['part_pk']}-unit": "根",
    },
    "repairs:damage": lambda world, school, kwargs, n: {
        "responsible_name": "张三",
        "quantity": "1",
        "amount": f"{10 + n}.00",
    },
    "assets:create": lambda world, school, kwargs, n: _asset_data(world, school, n),
    "assets:update": lambda world, school, kwargs, n: _asset_data(world, school, n),
    "assets:transfer": lambda world, school, kwargs, n: {
        "location": world.location(school).code,
        "moved_on": _today(),
        "reason": f"调整{n}",
    },
    "assets:transfer-room": lambda world, school, kwargs, n: dict(
        zip(("from_location", "location"), _two_rooms(world, school), strict=True),
        moved_on=_today(),
        reason="期末搬迁",
    ),
    "assets:dispose": lambda world, school, kwargs, n: {
        "dispose-method": "scrap",
        "dispose-reason": "损坏无法修复",
    },
    "assets:disposal-approve": lambda world, school, kwargs, n: {
        "approve-comment": "同意"
    },
    "assets:disposal-reject": lambda world, school, kwargs, n: {
        "reject-comment": "还能用"
    },
    "assets:disposal-withdraw": lambda world, school, kwargs, n: {"comment": "撤回"},
    "assets:disposal-complete": lambda world, school, kwargs, n: {
        "disposed_on": _today(),
        "proceeds": "0",
    },
    "assets:stocktake-create": lambda world, school, kwargs, n: {"name": f"盘点{n}"},
    "assets:stocktake-extra": lambda world, school, kwargs, n: {
        "description": "旧椅子",
        "quantity": "1",
    },
    "assets:stocktake-mark": lambda world, school, kwargs, n: {"result": "found"},
    "assets:category-create": lambda world, school, kwargs, n: {
        "code": f"99{n:05d}",
        "name": f"试验类{n}",
        "scheme": "gbt14885",
        "depreciates": "on",
        "depreciation_years": "5",
        "is_active": "on",
    },
    "assets:category-update": lambda world, school, kwargs, n: {
        "code": f"98{n:05d}",
        "name": f"改名类{n}",
        "scheme": "gbt14885",
        "depreciates": "on",
        "depreciation_years": "6",
        "is_active": "on",
    },
    "assets:depreciation": lambda world, school, kwargs, n: {"year": "2025"},
    "assets:adjust": lambda world, school, kwargs, n: {
        "adjust-kind": "addition",
        "adjust-adjusted_on": _today(),
        "adjust-amount": "10.00",
        "adjust-reason": f"加装配件{n}",
    },
    "assets:month-close": lambda world, school, kwargs, n: {"month": "2024-01"},
    "assets:ledger-open": lambda world, school, kwargs, n: {"month": "2024-01"},
    "assets:month-reopen": lambda world, school, kwargs, n: {"reason": f"更正{n}"},
    **GREENING_BASELINES,
}


# -- finding the forms ----------------------------------------------------------------


def _import(path):
    module, name = path.rsplit(".", 1)
    return getattr(__import__(module, fromlist=[name]), name)


def _views():
    """URL name → (view class, its init kwargs), as the permission walk names URLs."""
    found = {}

    def walk(patterns, namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = (
                    f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                )
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                callback = entry.callback
                found.setdefault(
                    f"{namespace}{entry.name}",
                    (
                        getattr(callback, "view_class", None),
                        getattr(callback, "view_initkwargs", {}),
                    ),
                )

    walk(get_resolver().url_patterns)
    return found


def _view_of(name):
    return _views().get(name, (None, {}))


def form_of(name):
    """The form class a URL posts (or reads from the query string), or None."""
    if name in NO_TYPED_INPUT:
        return None
    if name in GET_FORMS:
        return _import(GET_FORMS[name])
    view_class, initkwargs = _view_of(name)
    if view_class is None or not hasattr(view_class, "post"):
        return None
    view = view_class(**initkwargs)
    get_form_class = getattr(view, "get_form_class", None)
    if get_form_class is not None:
        return get_form_class()
    return getattr(view, "form_class", None)


def filterset_of(name):
    view_class, initkwargs = _view_of(name)
    return getattr(view_class, "filterset_class", None) if view_class else None


def form_urls():
    return [name for name in served_url_names() if _has_fields(form_of(name))]


def filter_urls():
    return [
        name
        for name in served_url_names()
        # Exports and PDFs read the same FilterSets as their lists.
        if filterset_of(name) is not None
        and not name.endswith("export")
        and not reverse(name).endswith(".pdf")
    ]


def _has_fields(form_class):
    return form_class is not None and any(
        hostile_values(field) for field in form_class.base_fields.values()
    )


# -- what changed ------------------------------------------------------------------------


def watched_models(name):
    own = (name.split(":")[0],) if ":" in name else ()
    return [
        *(
            model
            for label in (*CORE_APPS, *own)
            for model in apps.get_app_config(label).get_models(
                include_auto_created=True
            )
        ),
        get_user_model(),
    ]


def snapshot(models):
    """Every row of the watched tables, read back through the ORM."""
    return {
        model._meta.label: {
            row[0]: row
            for row in model._default_manager.order_by("pk").values_list(
                "pk", *(f.attname for f in model._meta.concrete_fields)
            )
        }
        for model in models
    }


def changed_rows(before, after):
    rows = []
    for label, table in after.items():
        old = before[label]
        rows.extend(row for pk, row in table.items() if old.get(pk) != row)
    return rows


def shows_error(response):
    """The answer tells the person what is wrong (or refuses them outright)."""
    if response.status_code in {400, 403, 404, 429}:
        return True
    said = [m for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    if said:
        return True
    content = response.content.decode(errors="replace")
    # A field's error, or the form's own (and an error message) in an alert.
    return "invalid-feedback" in content or 'role="alert"' in content


# -- the test ---------------------------------------------------------------------------


def _role_for(access):
    if access.public or access.allowed == ANY:
        return Role.STAFF.value
    for role in ROLE_PREFERENCE:
        if role.value in access.allowed:
            return role.value
    return sorted(access.allowed)[0]


class FormUnderFire:
    """One URL's form, its baseline and its document, posted one hostile field at a time."""

    def __init__(self, name, school, other_school):
        self.name = name
        self.access = access_tables()[name]
        self.world = World(school, other_school)
        self.school = school
        role = _role_for(self.access)
        self.user = self.world.user(school, role)
        self.world.act_as(self.user, school)
        self.client = Client()
        if not self.access.public:
            self.client.force_login(self.user)
        self.count = 0
        self.models = watched_models(name)
        self.fresh_object()

    def fresh_object(self):
        """The document the form acts on, anew: after a save, the next value
        must meet it as it was."""
        self.kwargs = (
            self.access.kwargs(self.world, self.school) if self.access.kwargs else {}
        )
        self.url = reverse(self.name, kwargs=self.kwargs)
        self.prefix = self.form_prefix()

    def form_prefix(self):
        view_class, initkwargs = _view_of(self.name)
        if view_class is None:
            return None
        view = view_class(**initkwargs)
        request = RequestFactory().post(self.url)
        request.user = self.user
        view.setup(request, **self.kwargs)
        view.object = None
        try:
            return view.get_form_kwargs().get("prefix")
        except Exception:  # noqa: BLE001  (a view that needs more to say its prefix)
            return getattr(view, "form_prefix", None)

    def baseline(self):
        self.count += 1
        build = BASELINES.get(self.name)
        if build is None:
            return dict(self.access.data)
        return build(self.world, self.school, self.kwargs, self.count)

    def send(self, data, method):
        # Only this answer's messages count, not those an earlier answer left.
        self.client.cookies.pop("messages", None)
        if method == "get":
            return self.client.get(self.url, data)
        return self.client.post(self.url, data)


def _check_answer(fire, key, value, response, before, after):
    where = (fire.name, key, value[:40])
    assert response.status_code < 500, where
    changed = changed_rows(before, after)
    if not changed:
        assert shows_error(response), (*where, "refused without saying why")
        return False
    assert not shows_error(response), (*where, "refused, yet rows changed", changed)
    stored = [cell for row in changed for cell in row if isinstance(cell, str)]
    if value in NEVER_STORED:
        assert not any(value in cell for cell in stored), (*where, "stored as typed")
    if value in READ_BACK:
        assert any(value in cell for cell in stored), (
            *where,
            "saved, but the text does not read back",
        )
    return True


@pytest.mark.parametrize("name", form_urls())
def test_form_refuses_hostile_input_cleanly(
    name, school, other_school, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    fire = FormUnderFire(name, school, other_school)
    form_class = form_of(name)
    method = "get" if name in GET_FORMS else "post"
    before = None
    for field_name, field in form_class.base_fields.items():
        for value in hostile_values(field):
            key = f"{fire.prefix}-{field_name}" if fire.prefix else field_name
            with CaptureQueriesContext(connection) as queries:
                data = {**fire.baseline(), key: value}
            if method == "get":
                response = fire.send(data, method)
                assert response.status_code < 500, (name, key, value[:40])
                continue
            if before is None or writes(queries):
                before = snapshot(fire.models)
            response = fire.send(data, method)
            after = snapshot(fire.models)
            if _check_answer(fire, key, value, response, before, after):
                page = fire.client.get(_document_url(fire, response))
                assert page.status_code < 500, (name, key, value[:40], "page after")
                fire.fresh_object()
                before = None
            else:
                before = after  # nothing changed: the next post starts from here


def writes(queries):
    """Whether building a baseline wrote rows (then the tables are read again)."""
    return any(
        not query["sql"].lstrip().upper().startswith("SELECT")
        for query in queries.captured_queries
    )


def _document_url(fire, response):
    """The page a browser lands on after the save: the document's, mostly."""
    if response.status_code == 302:
        return response["Location"]
    return fire.url


@pytest.mark.parametrize("name", filter_urls())
def test_list_filters_refuse_hostile_input_cleanly(name, school, other_school):
    fire = FormUnderFire(name, school, other_school)
    # The fields of a FilterSet made for the user: asking the class's own filters
    # for theirs would keep an unscoped field on the class for every later list.
    fields = filterset_of(name)(user=fire.user).form.fields
    for filter_name, field in fields.items():
        for value in hostile_values(field) or [TEN_KB, "\x00"]:
            response = fire.client.get(fire.url, {filter_name: value})
            assert response.status_code < 500, (name, filter_name, value[:40])


def test_every_form_url_is_fed_hostile_input():
    """The discovery finds the forms it should: a sample of them, by name."""
    found = set(form_urls())
    assert {"repairs:assign", "repairs:new", "assets:disposal-complete"} <= found
    assert {"repairs:queue", "assets:list"} <= set(filter_urls())
