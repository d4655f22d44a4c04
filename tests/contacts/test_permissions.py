"""The Editors group: every right on the records and the ingest, history read-only, no users."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError

from contacts.permissions import (
    EDITOR_APPS,
    EDITORS,
    KEPT_RECORDS,
    is_history_model,
    revoke_kept_deletes,
    setup_editors,
    setup_editors_after_migrate,
)


def codenames(group):
    return set(group.permissions.values_list("content_type__app_label", "codename").order_by())


def expected_for(label):
    wanted = set()
    for model in apps.get_app_config(label).get_models():
        name = model._meta.model_name
        if is_history_model(model):
            wanted.add((label, f"view_{name}"))
        else:
            wanted |= {(label, f"{a}_{name}") for a in ("add", "change", "delete", "view")}
            if (label, name) in KEPT_RECORDS:
                wanted.discard((label, f"delete_{name}"))
    return wanted


@pytest.mark.django_db
def test_the_migration_creates_editors_with_rights_on_the_records_only():
    held = codenames(Group.objects.get(name=EDITORS))
    assert expected_for("contacts") <= held
    assert ("contacts", "change_call") in held
    assert ("contacts", "view_historicalcall") in held
    assert ("contacts", "change_historicalcall") not in held
    assert not {p for p in held if p[0] == "auth"}


@pytest.mark.django_db
def test_setup_editors_grants_every_contacts_and_ingest_permission_once():
    group = Group.objects.get(name=EDITORS)
    group.permissions.clear()

    added = setup_editors()

    held = codenames(group)
    for label in EDITOR_APPS:
        assert expected_for(label) <= held
    assert held <= expected_for("contacts") | expected_for("ingest")
    assert added == len(held)
    assert setup_editors() == 0


@pytest.mark.django_db
def test_the_post_migrate_hook_restores_missing_rights():
    group = Group.objects.get(name=EDITORS)
    group.permissions.remove(Permission.objects.get(codename="change_call"))
    setup_editors_after_migrate(sender=apps.get_app_config("contacts"))
    assert group.permissions.filter(codename="change_call").exists()


@pytest.mark.django_db
def test_an_editor_may_change_calls_but_not_users():
    user = get_user_model().objects.create_user("ed")
    out = io.StringIO()
    call_command("setup_editors", "ed", stdout=out)
    assert "ed is an editor." in out.getvalue()
    user = get_user_model().objects.get(pk=user.pk)
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("contacts.change_call")
    assert user.has_perm("contacts.view_historicalcall")
    assert not user.has_perm("auth.change_user")
    assert not user.has_perm("auth.view_user")
    assert not user.has_perm("auth.change_group")


@pytest.mark.django_db
def test_setup_editors_names_an_unknown_user():
    with pytest.raises(CommandError, match="No such user: nobody"):
        call_command("setup_editors", "nobody", stdout=io.StringIO())


@pytest.mark.django_db
def test_editors_may_not_delete_the_records_they_keep_even_after_the_hooks_run():
    setup_editors()
    setup_editors_after_migrate(sender=apps.get_app_config("ingest"))
    user = get_user_model().objects.create_user("ed", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    for perm in ("contacts.delete_call", "contacts.delete_report", "contacts.delete_article"):
        assert not user.has_perm(perm), perm
    assert not user.has_perm("ingest.delete_sourcedocument")
    # Correcting a call still means removing a wrong participant or alias.
    assert user.has_perm("contacts.delete_callparticipant")
    assert user.has_perm("contacts.delete_officialalias")


@pytest.mark.django_db
def test_the_migration_takes_the_delete_rights_from_a_group_that_had_them():
    group = Group.objects.get(name=EDITORS)
    group.permissions.add(*Permission.objects.filter(codename__in=["delete_call", "delete_topic"]))
    assert revoke_kept_deletes() == 1  # what migration 0006 runs
    assert not group.permissions.filter(codename="delete_call").exists()
    assert group.permissions.filter(codename="delete_topic").exists()


def test_history_tables_are_recognised():
    assert is_history_model(apps.get_model("contacts", "HistoricalCall"))
    assert not is_history_model(apps.get_model("contacts", "Call"))
