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
    is_history_model,
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


def test_history_tables_are_recognised():
    assert is_history_model(apps.get_model("contacts", "HistoricalCall"))
    assert not is_history_model(apps.get_model("contacts", "Call"))
