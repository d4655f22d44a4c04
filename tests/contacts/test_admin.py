"""The editors' admin: every page opens for an editor, searches, locks, history, revert, merge."""

import datetime as dt
import itertools
import uuid

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from contacts.models import Article, Call, CallParticipant, Official, Outlet, Report
from contacts.permissions import EDITOR_APPS, EDITORS, setup_editors

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
_counter = itertools.count()


@pytest.fixture
def editor(db):
    setup_editors()
    user = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# A sample instance of any model, so models registered later (the ingest's) are covered too.


def sample_value(field):
    n = next(_counter)
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey):
        return instance_of(field.related_model)
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.IntegerField | models.FloatField | models.DecimalField):
        return 1
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return dt.date(2024, 1, 1)
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.BinaryField):
        return b"sample bytes"
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.FileField):
        return SimpleUploadedFile(f"sample{n}.txt", b"sample")
    if isinstance(field, models.URLField):
        return f"https://sample.example/{n}"
    if isinstance(field, models.EmailField):
        return f"sample{n}@example.com"
    if isinstance(field, models.CharField | models.TextField):
        return f"s{n}{uuid.uuid4().hex}"[: field.max_length or 100]
    raise AssertionError(f"No sample value for {field!r}: teach sample_value this field type.")


def instance_of(model):
    """An existing row of `model`, or a new one with every required field filled in."""
    existing = model._default_manager.order_by("pk").first()
    if existing is not None:
        return existing
    values = {}
    for field in model._meta.concrete_fields:
        auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        if field.primary_key or field.null or field.has_default() or auto:
            continue
        values[field.name] = sample_value(field)
    return model._default_manager.create(**values)


def admin_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.parametrize(
    "model, model_admin", REGISTERED, ids=[m._meta.label for m, _ in REGISTERED]
)
def test_every_admin_page_opens_for_an_editor_or_is_refused(
    editor_client, editor, world, model, model_admin
):
    request = admin_request(editor)
    obj = instance_of(model)
    if model._meta.app_label in EDITOR_APPS:
        # The Editors group really holds these rights; nothing is refused by accident.
        assert model_admin.has_view_permission(request)
        assert model_admin.has_change_permission(request, obj)
        expected = {"changelist": 200, "change": 200}
        expected["add"] = 200 if model_admin.has_add_permission(request) else 403
    else:
        assert not model_admin.has_view_or_change_permission(request)
        expected = {"changelist": 403, "change": 403, "add": 403}

    assert editor_client.get(url(model, "changelist")).status_code == expected["changelist"]
    assert editor_client.get(url(model, "add")).status_code == expected["add"]
    assert editor_client.get(url(model, "change", obj.pk)).status_code == expected["change"]
    if expected["change"] == 200 and hasattr(model_admin, "history_form_view"):
        assert editor_client.get(url(model, "history", obj.pk)).status_code == 200
        if not obj.history.exists():
            obj.save()  # rows loaded by a data migration have no history yet
        record = obj.history.first()
        assert editor_client.get(url(model, "simple_history", obj.pk, record.pk)).status_code == 200


def test_an_editor_cannot_see_or_change_users(editor_client, editor):
    assert editor_client.get(url(get_user_model(), "changelist")).status_code == 403
    response = editor_client.post(
        url(get_user_model(), "change", editor.pk), {"username": "editor", "is_superuser": "on"}
    )
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_every_model_with_history_uses_the_history_admin():
    for model, model_admin in REGISTERED:
        if hasattr(model, "history") and model._meta.app_label == "contacts":
            assert hasattr(model_admin, "history_form_view"), model._meta.label


# Searches and filters


def results(response):
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_searching_officials_by_an_alias_finds_the_official(editor_client, world):
    found = results(editor_client.get(url(Official, "changelist"), {"q": "TestSecBlinken"}))
    assert found == [world.blinken]


def test_filtering_officials_by_a_position_role(editor_client, world):
    found = results(editor_client.get(url(Official, "changelist"), {"role": "defense-minister"}))
    assert world.gallant in found and world.blinken not in found
    assert all(o.positions.filter(role="defense-minister").exists() for o in found)


def test_filtering_calls_by_status_narrows_the_list(editor_client, world):
    scheduled = Call.objects.create(status="scheduled")
    everything = results(editor_client.get(url(Call, "changelist")))
    assert set(everything) == {world.call, scheduled}
    assert results(editor_client.get(url(Call, "changelist"), {"status__exact": "scheduled"})) == [
        scheduled
    ]


def test_searching_calls_by_participant_evidence_and_title(editor_client, world):
    other = Call.objects.create(status="held")
    for q in ("Gallant", "discuss hostages", "Blinken meets"):
        assert results(editor_client.get(url(Call, "changelist"), {"q": q})) == [world.call]
    assert other not in results(editor_client.get(url(Call, "changelist"), {"q": "Gallant"}))


def test_searching_and_filtering_articles(editor_client, world):
    Article.objects.create(title="Something else", published=dt.date(2023, 1, 1))
    assert results(editor_client.get(url(Article, "changelist"), {"q": "discuss hostages"})) == [
        world.article
    ]
    assert results(editor_client.get(url(Article, "changelist"), {"year": "2024"})) == [
        world.article
    ]


def test_a_call_list_shows_the_reports_dates_side_by_side_when_they_disagree(editor_client, world):
    other = Article.objects.create(outlet=world.outlet, title="Second", url="https://x.example/2")
    Report.objects.create(
        call=world.call, article=other, reported_date=dt.date(2024, 6, 25), reported_precision="day"
    )
    page = editor_client.get(url(Call, "changelist")).content.decode()
    assert "24 Jun 2024 (Test Outlet)" in page and "25 Jun 2024 (Test Outlet)" in page
    detail = editor_client.get(url(Call, "change", world.call.pk)).content.decode()
    assert "The reports disagree on the date." in detail


# Editing: locks and history


def form_data(response):
    """The POST data of an admin change form as the page shows it (main form and inlines)."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field.widget, __import__("django").forms.CheckboxInput):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif value is not None:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[formset.management_form.add_prefix(name)] = str(value)
        for form in formset.forms:
            add(form)
    return data


def test_an_admin_edit_locks_the_field_and_records_old_and_new_values(editor_client, editor, world):
    change_url = url(Call, "change", world.call.pk)
    data = form_data(editor_client.get(change_url))
    data["status"] = "cancelled"
    response = editor_client.post(change_url, data)
    assert response.status_code == 302, response.context["errors"]

    world.call.refresh_from_db()
    assert world.call.status == "cancelled"
    assert world.call.edited_fields == ["status"]
    latest = world.call.history.first()
    assert latest.history_user == editor
    change = next(c for c in latest.diff_against(latest.prev_record).changes if c.field == "status")
    assert (change.old, change.new) == ("held", "cancelled")

    history_page = editor_client.get(url(Call, "history", world.call.pk)).content.decode()
    assert "held" in history_page and "cancelled" in history_page and "editor" in history_page


def test_changing_participants_inline_locks_participants_and_shows_in_recent_changes(
    editor_client, world
):
    change_url = url(Call, "change", world.call.pk)
    data = form_data(editor_client.get(change_url))
    data["participants-0-role"] = "Top diplomat"
    response = editor_client.post(change_url, data)
    assert response.status_code == 302, response.context["errors"]

    world.call.refresh_from_db()
    assert "participants" in world.call.edited_fields
    assert "status" not in world.call.edited_fields
    page = editor_client.get(change_url).content.decode()
    assert "Secretary of State → Top diplomat" in page


def test_an_editor_can_clear_a_lock_in_the_form_and_with_an_action(editor_client, world):
    world.call.edited_fields = ["mode", "status"]
    world.call.save()
    change_url = url(Call, "change", world.call.pk)
    data = form_data(editor_client.get(change_url))
    assert data["edited_fields"] == ["mode", "status"]
    data["edited_fields"] = ["status"]
    assert editor_client.post(change_url, data).status_code == 302
    world.call.refresh_from_db()
    assert world.call.edited_fields == ["status"]

    editor_client.post(
        url(Call, "changelist"),
        {"action": "unlock_fields", ACTION_CHECKBOX_NAME: [world.call.pk]},
    )
    world.call.refresh_from_db()
    assert world.call.edited_fields == []


def test_editing_an_article_locks_its_fields(editor_client, world):
    change_url = url(Article, "change", world.article.pk)
    data = form_data(editor_client.get(change_url))
    data["title"] = "Blinken and Gallant meet in Washington"
    response = editor_client.post(change_url, data)
    assert response.status_code == 302, response.context["errors"]
    world.article.refresh_from_db()
    assert world.article.edited_fields == ["title"]


def test_mark_as_not_a_contact_keeps_the_call_rejected_and_locked(editor_client, world):
    editor_client.post(
        url(Call, "changelist"),
        {"action": "mark_rejected", ACTION_CHECKBOX_NAME: [world.call.pk]},
    )
    world.call.refresh_from_db()
    assert world.call.status == "rejected"
    assert "status" in world.call.edited_fields


def test_reverting_through_the_history_view_restores_the_old_value(editor_client, world):
    before = world.call.history.first()
    world.call.mode = "phone"
    world.call.save()

    revert_url = url(Call, "simple_history", world.call.pk, before.pk)
    page = editor_client.get(revert_url)
    assert page.status_code == 200
    response = editor_client.post(revert_url, form_data(page))
    assert response.status_code == 302, response.context["errors"]

    world.call.refresh_from_db()
    assert world.call.mode == "meeting"
    # A revert is an editor's decision too: the ingest must not undo it.
    assert "mode" in world.call.edited_fields


# Merging from the list


def test_merging_two_calls_from_the_list(editor_client, world):
    other = Call.objects.create(date=dt.date(2024, 6, 24), date_precision="day")
    second = Article.objects.create(outlet=world.outlet, title="Second", url="https://x.example/2")
    Report.objects.create(call=other, article=second)
    CallParticipant.objects.create(call=other, official=world.blinken)
    selected = {"action": "merge_selected_calls", ACTION_CHECKBOX_NAME: [world.call.pk, other.pk]}

    confirm = editor_client.post(url(Call, "changelist"), selected)
    assert confirm.status_code == 200
    assert f'value="{world.call.pk}"' in confirm.content.decode()
    assert Call.objects.count() == 2  # nothing happens before the editor confirms

    response = editor_client.post(
        url(Call, "changelist"), {**selected, "post": "yes", "keep": str(other.pk)}, follow=True
    )
    assert f"into call {other.pk}" in response.content.decode()
    assert list(Call.objects.all()) == [other]
    assert other.reports.count() == 2
    assert sorted(p.official.name for p in other.participants.all()) == [
        "Test Antony Blinken",
        "Test Yoav Gallant",
    ]


def test_merging_one_call_is_refused_with_a_message(editor_client, world):
    response = editor_client.post(
        url(Call, "changelist"),
        {"action": "merge_selected_calls", ACTION_CHECKBOX_NAME: [world.call.pk]},
        follow=True,
    )
    assert "Select two or more calls" in response.content.decode()
    assert Call.objects.count() == 1


# Query budget


QUERY_BUDGET = 14


@pytest.fixture
def thirty_calls(world):
    outlets = [Outlet.objects.create(name=f"Outlet {i}", slug=f"outlet-{i}") for i in range(3)]
    for i in range(30):
        call = Call.objects.create(date=dt.date(2024, 1, 1) + dt.timedelta(days=i))
        call.topics.add(world.hostages)
        CallParticipant.objects.create(call=call, official=world.blinken)
        CallParticipant.objects.create(call=call, official=world.gallant)
        for j in range(2):
            article = Article.objects.create(
                outlet=outlets[j], title=f"Call {i} in {j}", url=f"https://x.example/{i}/{j}"
            )
            Report.objects.create(
                call=call,
                article=article,
                reported_date=call.date + dt.timedelta(days=j),
                reported_precision="day",
            )


@pytest.mark.parametrize(
    "model, model_admin",
    [(m, a) for m, a in REGISTERED if m._meta.app_label in EDITOR_APPS],
    ids=[m._meta.label for m, _ in REGISTERED if m._meta.app_label in EDITOR_APPS],
)
def test_changelists_run_a_fixed_number_of_queries(
    editor_client, thirty_calls, django_assert_max_num_queries, model, model_admin
):
    changelist = url(model, "changelist")
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert editor_client.get(changelist).status_code == 200
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert editor_client.get(changelist, {"q": "Test"}).status_code == 200


def test_malformed_evidence_or_authors_get_a_form_error_not_a_crash(editor_client, world):
    change_url = url(Report, "change", world.report.pk)
    data = form_data(editor_client.get(change_url))
    data["evidence"] = '{"text": "not a list"}'
    response = editor_client.post(change_url, data)
    assert response.status_code == 200
    assert "Give a list of sentences" in response.content.decode()

    change_url = url(Article, "change", world.article.pk)
    data = form_data(editor_client.get(change_url))
    data["authors"] = '"Jane Doe"'
    response = editor_client.post(change_url, data)
    assert response.status_code == 200
    assert "Give a list of names" in response.content.decode()
    world.article.refresh_from_db()
    assert world.article.authors == []


def test_an_article_links_to_the_documents_it_was_ingested_from(editor_client, world):
    relation = Article._meta.get_field("source_documents")
    document = instance_of(relation.related_model)
    setattr(document, relation.field.name, world.article)
    document.save()

    page = editor_client.get(url(Article, "change", world.article.pk)).content.decode()

    assert url(relation.related_model, "change", document.pk) in page


# Editors keep records: no hard delete (rejecting a call is the way); superusers may delete


def kept_records(world):
    from ingest.models import SourceDocument

    document = SourceDocument.objects.create(
        filename="a1.txt", raw=b"Blinken met Gallant.", sha256="a" * 64, article=world.article
    )
    return {
        Call: world.call,
        Report: world.report,
        Article: world.article,
        SourceDocument: document,
    }


@pytest.mark.parametrize("name", ["Call", "Report", "Article", "SourceDocument"])
def test_an_editor_cannot_delete_a_kept_record_from_its_list_or_its_delete_page(
    editor_client, world, name
):
    obj = next(o for m, o in kept_records(world).items() if m.__name__ == name)
    model = type(obj)

    changelist = editor_client.get(url(model, "changelist"))
    assert 'value="delete_selected"' not in changelist.content.decode()
    editor_client.post(
        url(model, "changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [obj.pk], "post": "yes"},
    )
    assert model.objects.filter(pk=obj.pk).exists()
    assert editor_client.get(url(model, "delete", obj.pk)).status_code == 403
    assert editor_client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert "Delete</a>" not in editor_client.get(url(model, "change", obj.pk)).content.decode()

    assert model.objects.filter(pk=obj.pk).exists()
    assert Report.objects.filter(pk=world.report.pk).exists()


def test_an_editor_cannot_delete_a_report_from_the_call_or_article_form(editor_client, world):
    for parent, prefix in ((world.call, "reports"), (world.article, "reports")):
        change_url = url(type(parent), "change", parent.pk)
        page = editor_client.get(change_url)
        assert f'name="{prefix}-0-DELETE"' not in page.content.decode()
        data = form_data(page)
        data[f"{prefix}-0-DELETE"] = "on"
        response = editor_client.post(change_url, data)
        assert response.status_code == 302, response.context["errors"]
        assert Report.objects.filter(pk=world.report.pk).exists()


def test_an_editor_rejects_a_call_instead_and_it_leaves_the_public_timeline(editor_client, world):
    editor_client.post(
        url(Call, "changelist"),
        {"action": "mark_rejected", ACTION_CHECKBOX_NAME: [world.call.pk]},
    )
    assert Call.objects.filter(pk=world.call.pk, status="rejected").exists()
    assert world.call.get_absolute_url() not in editor_client.get("/").content.decode()


def test_a_superuser_deletes_a_call_and_its_history_stays(client, world):
    admin_user = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(admin_user)
    call_pk, report_pk = world.call.pk, world.report.pk

    confirm = client.get(url(Call, "delete", call_pk))
    assert confirm.status_code == 200 and "Blinken meets Gallant" in confirm.content.decode()
    assert client.post(url(Call, "delete", call_pk), {"post": "yes"}).status_code == 302

    assert not Call.objects.filter(pk=call_pk).exists()
    assert not Report.objects.filter(pk=report_pk).exists()
    deleted = Call.history.filter(id=call_pk).first()
    assert deleted.history_type == "-" and deleted.history_user == admin_user
    assert Report.history.filter(id=report_pk, history_type="-").exists()
    assert Report.history.filter(id=report_pk, history_type="+").exists()
