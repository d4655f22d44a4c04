"""The Editors group: rights on the records and the ingest, read-only history, no users.

Editors may not delete calls, reports, articles or source documents: a deletion would lose what
the ingest found and what other editors corrected. Rejecting a call ("not a contact") is the
editors' way; deleting is left to superusers.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

EDITORS = "Editors"
EDITOR_APPS = ("contacts", "ingest")
RECORD_ACTIONS = ("add", "change", "delete", "view")
# (app label, model name) of the records editors keep rather than delete.
KEPT_RECORDS = frozenset(
    {
        ("contacts", "call"),
        ("contacts", "report"),
        ("contacts", "article"),
        ("ingest", "sourcedocument"),
    }
)


def kept_delete_codenames():
    """(app label, codename) of the delete permissions editors never hold."""
    return {(label, f"delete_{name}") for label, name in KEPT_RECORDS}


def is_history_model(model):
    """Whether `model` is a django-simple-history table (works on migration-state models too)."""
    fields = {f.name: f for f in model._meta.get_fields()}
    if {"history_id", "history_type", "history_date"} <= fields.keys():
        return True
    # The rows of a many-to-many field's history point at the historical record.
    parent = fields.get("history")
    return bool(parent and parent.many_to_one and is_history_model(parent.related_model))


def editor_codenames(apps, app_label):
    """The permission codenames Editors hold on the models of `app_label`, as a set."""
    try:
        app_config = apps.get_app_config(app_label)
    except LookupError:
        return set()
    codenames = set()
    for model in app_config.get_models():
        if model._meta.auto_created:
            continue
        name = model._meta.model_name
        if is_history_model(model):
            codenames.add(f"view_{name}")
        else:
            codenames.update(f"{action}_{name}" for action in RECORD_ACTIONS)
            if (app_label, name) in KEPT_RECORDS:
                codenames.discard(f"delete_{name}")
    return codenames


def grant_editor_permissions(apps=global_apps, app_labels=EDITOR_APPS, using=DEFAULT_DB_ALIAS):
    """Create the Editors group if missing and add every existing permission it should hold.

    Idempotent and only ever adds; permissions that do not exist yet (an app not migrated) are granted on a later run.
    Returns the number of permissions added.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    wanted = []
    for label in app_labels:
        codenames = editor_codenames(apps, label)
        if codenames:
            wanted += Permission.objects.using(using).filter(
                content_type__app_label=label, codename__in=codenames
            )
    held = set(group.permissions.values_list("pk", flat=True))
    new = [p for p in wanted if p.pk not in held]
    group.permissions.add(*new)
    return len(new)


def setup_editors():
    """Grant Editors every contacts and ingest permission that exists now; see grant_editor_permissions."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; make sure they exist before granting.
    for label in EDITOR_APPS:
        try:
            create_permissions(global_apps.get_app_config(label), verbosity=0)
        except LookupError:
            continue
    return grant_editor_permissions()


def setup_editors_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate receiver: keeps the Editors group complete as apps gain models."""
    if sender.label in EDITOR_APPS:
        grant_editor_permissions(app_labels=(sender.label,), using=using)


def revoke_kept_deletes(apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Take from Editors the delete permissions of the records they keep; returns how many."""
    Group = apps.get_model("auth", "Group")
    group = Group.objects.using(using).filter(name=EDITORS).first()
    if group is None:
        return 0
    held = [
        p
        for p in group.permissions.select_related("content_type")
        if (p.content_type.app_label, p.codename) in kept_delete_codenames()
    ]
    group.permissions.remove(*held)
    return len(held)
