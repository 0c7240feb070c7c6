"""The queue on a phone, ISO values in date inputs, the
technician's unfinished jobs first, scrolling tables, the "file anyway" tick box and
the head's panels on a request's page."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone, translation

import lxml.html
import pytest

from repairs.choices import RepairStatus, Urgency
from repairs.filtersets import RepairRequestFilterSet
from repairs.forms import AssignForm

from .factories import RepairRequestFactory

pytestmark = pytest.mark.django_db
S = RepairStatus
ISO_MINUTES = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")


def page(client, url, language="zh-hans"):
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def classes(element):
    return set((element.get("class") or "").split())


def text(element):
    return " ".join(element.text_content().split())


# -- 1. the queue ----------------------------------------------------------------


@pytest.fixture
def queued(location, staff, technician):
    return [
        RepairRequestFactory(
            location=location, requester=staff, description="讲台上方的灯不亮"
        ),
        RepairRequestFactory(
            location=location,
            requester=staff,
            technician=technician,
            status=S.ASSIGNED,
        ),
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_queue_keeps_number_description_status_and_action_on_a_phone(
    client_for, head, queued, language
):
    html = page(client_for(head), reverse("repairs:queue"), language)
    headers = html.xpath("//table//thead//th")
    assert len(headers) == 8
    always = [th for th in headers if "d-none" not in classes(th)]
    # Number, status, technician (the assign form); the rest from md or wider.
    assert [headers.index(th) for th in always] == [0, 6, 7]
    for th in headers:
        if "d-none" in classes(th):
            assert classes(th) & {
                "d-md-table-cell",
                "d-lg-table-cell",
                "d-xl-table-cell",
            }
    for row in html.xpath("//table//tbody/tr"):
        cells = row.xpath("./td")
        assert [classes(td) >= {"d-none"} for td in cells] == [
            "d-none" in classes(th) for th in headers
        ]
    # What is wrong is read under the number, on every screen.
    assert "讲台上方的灯不亮" in text(html.xpath("//table//tbody/tr/td[1]")[0])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_queue_wrapper_holds_the_hidden_labels_and_buttons_stay_on_one_line(
    client_for, head, queued, language
):
    html = page(client_for(head), reverse("repairs:queue"), language)
    table = html.xpath("//table")[0]
    wrapper = table.getparent()
    # .visually-hidden is position: absolute: without a positioned wrapper the
    # labels escape the scrolling box and the whole page scrolls sideways.
    assert classes(wrapper) >= {"table-responsive", "position-relative"}
    assert html.xpath("//table//label[contains(@class, 'visually-hidden')]")
    buttons = html.xpath("//table//form//button[@type='submit']")
    assert len(buttons) == 2
    assert all("text-nowrap" in classes(button) for button in buttons)
    # The stylesheet giving the technician picker its width is loaded.
    assert html.xpath("//link[contains(@href, 'repairs/repairs.css')]")
    words = {text(button) for button in buttons}
    assert words == (
        {"派单", "改派"} if language == "zh-hans" else {"Assign", "Reassign"}
    )


def test_queue_default_of_open_requests_holds_on_the_next_page(
    client_for, head, staff, location, monkeypatch
):
    from repairs.views import QueueView

    monkeypatch.setattr(QueueView, "paginate_by", 1)
    RepairRequestFactory(location=location, requester=staff, status=S.CONFIRMED)
    open_ones = [
        RepairRequestFactory(location=location, requester=staff) for _ in range(2)
    ]
    client = client_for(head)
    seen = []
    for number in (1, 2):
        response = client.get(reverse("repairs:queue") + f"?page={number}")
        seen += list(response.context["page_obj"].object_list)
        assert response.context["paginator"].count == 2
    assert sorted(r.pk for r in seen) == sorted(r.pk for r in open_ones)


# -- 2. date inputs take ISO values --------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_reassign_due_date_is_filled_in_every_language(
    client_for, head, staff, technician, location, language
):
    due = timezone.make_aware(datetime.datetime(2026, 11, 25, 5, 53, 17))
    repair = RepairRequestFactory(
        location=location,
        requester=staff,
        technician=technician,
        status=S.ASSIGNED,
        due_at=due,
    )
    html = page(client_for(head), repair.get_absolute_url(), language)
    (field,) = html.xpath("//input[@name='due_at']")
    assert field.get("type") == "datetime-local"
    assert field.get("value") == "2026-11-25T05:53"
    assert ISO_MINUTES.match(field.get("value"))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_assign_form_renders_and_reads_iso(head, language):
    due = timezone.make_aware(datetime.datetime(2027, 1, 2, 9, 30))
    with translation.override(language):
        form = AssignForm(user=head, initial={"due_at": due})
        assert 'value="2027-01-02T09:30"' in str(form["due_at"])
        bound = AssignForm(user=head, data={"due_at": "2027-01-02T09:30"})
        bound.is_valid()
        assert "due_at" not in bound.errors
        assert bound.cleaned_data["due_at"] == due


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_filter_date_inputs_render_iso(head, language):
    form = RepairRequestFilterSet(data={}, user=head).form
    for name in ("filed_from", "filed_to"):
        widget = form.fields[name].widget
        assert widget.input_type == "date"
        with translation.override(language):
            rendered = widget.render(name, datetime.date(2026, 3, 4))
        assert 'value="2026-03-04"' in rendered


# -- 3. the technician's jobs -----------------------------------------------------


@pytest.fixture
def jobs(location, staff, technician):
    now = timezone.now()

    def job(status, urgency=Urgency.NORMAL, due_in=None):
        return RepairRequestFactory(
            location=location,
            requester=staff,
            technician=technician,
            status=status,
            urgency=urgency,
            due_at=None if due_in is None else now + timezone.timedelta(days=due_in),
        )

    return {
        "finished": job(S.CONFIRMED, Urgency.EMERGENCY, due_in=-30),
        "done": job(S.DONE, Urgency.EMERGENCY, due_in=-20),
        "normal_late": job(S.ASSIGNED, due_in=5),
        "normal_soon": job(S.IN_PROGRESS, due_in=1),
        "normal_no_due": job(S.REOPENED),
        "urgent": job(S.ASSIGNED, Urgency.URGENT, due_in=9),
    }


def test_jobs_default_to_unfinished_most_urgent_then_earliest_due(
    client_for, technician, jobs
):
    response = client_for(technician).get(reverse("repairs:jobs"))
    listed = list(response.context["page_obj"].object_list)
    assert listed == [
        jobs["urgent"],
        jobs["normal_soon"],
        jobs["normal_late"],
        jobs["normal_no_due"],
    ]
    assert response.context["filter"].form["status"].value() == "unfinished"


def test_jobs_filter_shows_all_or_finished(client_for, technician, jobs):
    client = client_for(technician)
    everything = list(
        client.get(reverse("repairs:jobs") + "?status=all")
        .context["page_obj"]
        .object_list
    )
    assert len(everything) == 6
    # Unfinished ones still come first.
    assert everything[:4] == [
        jobs["urgent"],
        jobs["normal_soon"],
        jobs["normal_late"],
        jobs["normal_no_due"],
    ]
    assert set(everything[4:]) == {jobs["done"], jobs["finished"]}
    finished = client.get(reverse("repairs:jobs") + "?status=finished")
    assert set(finished.context["page_obj"].object_list) == {
        jobs["done"],
        jobs["finished"],
    }
    # Paging keeps the default.
    paged = client.get(reverse("repairs:jobs") + "?page=1")
    assert len(paged.context["page_obj"].object_list) == 4


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_jobs_filter_offers_all_jobs(client_for, technician, jobs, language):
    html = page(client_for(technician), reverse("repairs:jobs"), language)
    options = html.xpath("//select[@name='status']/option")
    values = [option.get("value") for option in options]
    assert values[:3] == ["unfinished", "finished", "all"]
    assert "" not in values
    labels = [text(option) for option in options[:3]]
    if language == "zh-hans":
        assert labels == ["未完成", "已完成", "全部任务"]
    else:
        assert labels == ["Unfinished", "Finished", "All jobs"]


def test_jobs_show_the_year_of_a_due_date_in_another_year(
    client_for, technician, staff, location
):
    now = timezone.localtime()
    this_year = now.replace(month=6, day=15, hour=10, minute=0)
    next_year = this_year.replace(year=now.year + 1, month=1, day=9)
    for due in (this_year, next_year):
        RepairRequestFactory(
            location=location,
            requester=staff,
            technician=technician,
            status=S.ASSIGNED,
            due_at=due,
        )
    content = client_for(technician).get(reverse("repairs:jobs")).content.decode()
    assert f"{now.year + 1}-01-09 10:00" in content
    assert "06-15 10:00" in content
    assert f"{now.year}-06-15" not in content


def test_jobs_empty_default_says_nothing_is_unfinished(client_for, technician):
    html = page(client_for(technician), reverse("repairs:jobs"))
    assert "没有未完成的维修任务" in text(html)


# -- 4. statistics tables scroll in their own box ------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_statistics_table_is_wrapped(client_for, head, language):
    html = page(client_for(head), reverse("repairs:stats"), language)
    tables = html.xpath("//table")
    assert len(tables) == 5
    assert all("table-responsive" in classes(t.getparent()) for t in tables)


# -- 5. "file a new request anyway" is a proper tick box ---------------------------


def test_file_anyway_is_a_form_check_with_its_label_after_the_box(client_for, staff):
    html = page(client_for(staff), reverse("repairs:new"))
    (wrapper,) = html.xpath("//*[@data-file-anyway]")
    assert "form-check" in classes(wrapper)
    assert wrapper.get("hidden") is not None  # shown by repairs.js when needed
    children = [child for child in wrapper if child.tag in ("input", "label")]
    assert [child.tag for child in children] == ["input", "label"]
    box, label = children
    assert box.get("type") == "checkbox" and "form-check-input" in classes(box)
    assert "form-check-label" in classes(label)
    assert label.get("for") == box.get("id") == "id_file_anyway"
    assert "仍然提交新的报修" in text(label)


def test_file_anyway_box_is_shown_with_duplicates(client_for, staff, location, people):
    from .test_views import form_data

    RepairRequestFactory(location=location, requester=people["director"])
    client = client_for(staff)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("repairs:new"), form_data(location, category="lighting")
    )
    html = lxml.html.fromstring(response.content.decode())
    (wrapper,) = html.xpath("//*[@data-file-anyway]")
    assert wrapper.get("hidden") is None
    assert "file a new request anyway" in text(wrapper)


# -- 6. the head's panels on a request's page ------------------------------------


def assign_button(html):
    (button,) = html.xpath(
        "//section[@aria-labelledby='assign-heading']//button[@type='submit']"
    )
    return text(button)


def test_assign_panel_says_reassign_when_there_is_a_technician(
    client_for, head, staff, technician, location
):
    client = client_for(head)
    new = RepairRequestFactory(location=location, requester=staff)
    taken = RepairRequestFactory(
        location=location, requester=staff, technician=technician, status=S.ASSIGNED
    )
    assert assign_button(page(client, new.get_absolute_url())) == "派单"
    assert assign_button(page(client, taken.get_absolute_url())) == "改派"
    assert assign_button(page(client, taken.get_absolute_url(), "en")) == "Reassign"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_damage_form_tells_the_two_responsible_fields_apart(
    client_for, head, staff, location, language
):
    repair = RepairRequestFactory(location=location, requester=staff, status=S.DONE)
    html = page(client_for(head), repair.get_absolute_url(), language)
    (form,) = html.xpath("//section[@aria-labelledby='damage-heading']//form")

    def label(name):
        (element,) = form.xpath(f".//label[@for='id_{name}']")
        return text(element)

    person, name = label("responsible_person"), label("responsible_name")
    assert person != name
    assert not name.startswith(person.rstrip(":："))
    help_texts = text(form)
    if language == "zh-hans":
        assert "本校" in person and "系统外" in name
        assert "从本校有账号的人员中选择" in help_texts
    else:
        assert "at the school" in person and "not in the system" in name
        assert "has an account at the school" in help_texts
    (button,) = form.xpath(".//button[@type='submit']")
    assert "btn-outline-warning" not in classes(button)
    assert classes(button) & {"btn-warning", "btn-outline-dark", "btn-dark"}
