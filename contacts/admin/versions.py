"""Optimistic locking for editors: a change form saved after someone else saved the record is refused.

The version is the id of the record's latest django-simple-history row. Every write of a call
or an article leaves one (an editor's save, a topic added, a merge, the ingest, a revert), so
no column has to be kept in step by every writer. The form carries the version it was opened
at; saving checks it against the record's latest row, with the row locked on databases that
can, so two saves cannot both pass the check.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.utils import timezone
from django.utils.html import format_html

from contacts.admin.history import admin_url

VERSION_FIELD = "version"


def record_version(instance, *, lock=False):
    """The record's version: the id of its latest history row, as text ("0" without one)."""
    model = type(instance)
    if lock and transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        # Held until the admin's transaction ends: a concurrent save waits here for this one.
        model._default_manager.select_for_update().filter(pk=instance.pk).exists()
    latest = instance.history.order_by("-history_id").values_list("history_id", flat=True)
    return str(latest.first() or 0)


def conflict_message(instance, opened):
    """What the editor whose form is out of date is told: who saved, when, what, and a reload link."""
    newer = instance.history.select_related("history_user").order_by("-history_id")
    latest = newer.first()
    who = (latest.history_user if latest else None) or "the ingest or a script"
    when = timezone.localtime(latest.history_date).strftime("%Y-%m-%d %H:%M") if latest else ""
    changed = _fields_changed_since(instance, opened, latest)
    what = f" ({', '.join(changed)})" if changed else ""
    noun = instance._meta.verbose_name
    return format_html(
        "This {} was saved by {} at {}{}, after you opened this form. Your changes have not been "
        'saved, so nothing was overwritten. <a href="{}">Reload the {}</a> to see the current '
        "version, then make your changes again.",
        noun,
        who,
        when,
        what,
        admin_url(type(instance), "change", instance.pk) or "",
        noun,
    )


def _fields_changed_since(instance, opened, latest):
    """Labels of the fields that differ between the version opened and the latest one."""
    try:
        then = instance.history.get(history_id=int(opened))
    except (ValueError, TypeError, instance.history.model.DoesNotExist):
        return []
    if latest is None or latest.history_id == then.history_id:
        return []
    delta = latest.diff_against(then, excluded_fields=["updated_at", "edited_fields"])
    opts = type(instance)._meta
    return [str(opts.get_field(change.field).verbose_name) for change in delta.changes]


class VersionCheckedForm(forms.ModelForm):
    """A change form that refuses to save over a version of the record it was not opened at."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD].initial = record_version(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            opened = self.data.get(self.add_prefix(VERSION_FIELD), "")
            if opened != record_version(self.instance, lock=True):
                raise ValidationError(conflict_message(self.instance, opened), code="conflict")
        return cleaned


class VersionCheckedAdmin:
    """Admin mixin: puts the form's hidden version field on the page (admin forms show only the
    fields of their fieldsets) and checks it in one transaction with the save, reverts included."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history's revert view is not atomic, unlike the change view.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None or not fieldsets:
            return fieldsets
        name, options = fieldsets[0]
        fields = tuple(options.get("fields", ()))
        if VERSION_FIELD not in fields:
            fieldsets[0] = (name, {**options, "fields": (*fields, VERSION_FIELD)})
        return fieldsets
