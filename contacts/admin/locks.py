"""Editors' locks: fields an editor changed are listed in `edited_fields`; the ingest skips them."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst


class LockedFieldsForm(forms.ModelForm):
    """A model form whose `edited_fields` list is a set of checkboxes an editor can clear."""

    # Lock names that are not form fields (changes made in an inline).
    extra_locks = ()
    # Form fields that are not the record's data, so never locks.
    not_locks = ("edited_fields", "version")

    edited_fields = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Locked fields",
        help_text="A re-ingest leaves these alone. Untick one to let the ingest update it again.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = [n for n in self.fields if n not in self.not_locks] + list(self.extra_locks)
        # Keep names already locked even if this form does not show them (e.g. set by a merge).
        names += [n for n in (self.instance.edited_fields or []) if n not in names]
        self.fields["edited_fields"].choices = [(n, self._label(n)) for n in names]

    def _label(self, name):
        try:
            label = getattr(self._meta.model._meta.get_field(name), "verbose_name", None)
        except FieldDoesNotExist:
            label = None
        return capfirst(label or name.replace("_", " "))


def changed_fields(form, obj, change):
    """Names of the form's fields whose saved value will differ from what the database holds."""
    names = set(form.changed_data)
    if change:
        # A revert from the history page posts the old values as the form's initial data, so
        # form.changed_data misses them; compare with the stored row instead.
        stored = type(obj)._default_manager.filter(pk=obj.pk).first()
        if stored is not None:
            for name in form.fields:
                try:
                    field = obj._meta.get_field(name)
                except FieldDoesNotExist:
                    continue
                if field.concrete and not field.many_to_many:
                    if getattr(stored, field.attname) != getattr(obj, field.attname):
                        names.add(name)
                    else:
                        names.discard(name)
    names -= set(LockedFieldsForm.not_locks)
    return names


class EditorLocksMixin:
    """Adds every field an editor changes in admin to the record's `edited_fields`.

    `inline_locks` maps an inline's model to the lock name its changes set ("participants").
    """

    inline_locks = {}

    def save_model(self, request, obj, form, change):
        chosen = form.cleaned_data.get("edited_fields", obj.edited_fields) or []
        changed = changed_fields(form, obj, change)
        follow_up = self.follow_correction(request, obj, changed) if change else set()
        obj.edited_fields = sorted(set(chosen) | changed | follow_up)
        super().save_model(request, obj, form, change)

    def follow_correction(self, request, obj, changed):
        """Hook: bring fields that depend on the editor's changes (`changed`) in step.

        Returns the names to lock with them; fields it changes but does not return stay the
        ingest's to update.
        """
        return set()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        names = {
            self.inline_locks[fs.model]
            for fs in formsets
            if fs.model in self.inline_locks and fs.has_changed()
        }
        obj = form.instance
        locks = set(obj.edited_fields or [])
        if names - locks:
            obj.edited_fields = sorted(locks | names)
            obj.save(update_fields=["edited_fields", "updated_at"])

    @admin.action(description="Unlock fields for re-ingest", permissions=["change"])
    def unlock_fields(self, request, queryset):
        count = 0
        for obj in queryset:
            if obj.edited_fields:
                obj.edited_fields = []
                obj._history_user = request.user
                obj._change_reason = "Unlocked for re-ingest"
                obj.save(update_fields=["edited_fields", "updated_at"])
                count += 1
        self.message_user(
            request,
            f"{count} record(s) unlocked; the next ingest may update all their fields.",
            messages.SUCCESS,
        )
