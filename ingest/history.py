"""History rows written per group of documents, and saves that write only what changed."""

import copy

from django.utils import timezone


class HistoryRows:
    """History rows of articles, reports and participants, written per group: one INSERT a model.

    `save()` on its own writes one row per save with a costly lookup each time; rows here are
    taken when the record is saved (each save has its row, dated then), only written later, in
    the same transaction. Calls keep the usual per-save rows, which also record their topics.
    """

    def __init__(self):
        self._managers = {}
        self._pending: list[tuple[object, bool]] = []

    def save(self, instance, **kwargs):
        """Save `instance` (insert or update) and keep its history row for `flush()`."""
        created = instance._state.adding
        instance.skip_history_when_saving = True
        try:
            instance.save(**kwargs)
        finally:
            del instance.skip_history_when_saving
        self._pending.append((_snapshot(instance), created))

    def created(self, instances):
        """Instances just inserted without history (bulk_create)."""
        self._pending += [(_snapshot(instance), True) for instance in instances]

    def flush(self):
        groups: dict[tuple[type, bool], list] = {}
        for instance, created in self._pending:
            groups.setdefault((type(instance), created), []).append(instance)
        self._pending = []
        for (model, created), instances in groups.items():
            if model not in self._managers:
                self._managers[model] = getattr(model, model._meta.simple_history_manager_attribute)
            self._managers[model].bulk_history_create(instances, update=not created)

    def mark(self) -> int:
        return len(self._pending)

    def forget(self, mark=0):
        """Drop the rows kept since `mark` (all of them by default)."""
        del self._pending[mark:]


def _snapshot(instance):
    """The record as saved now, dated now, for its history row written later."""
    saved = copy.copy(instance)
    saved._history_date = timezone.now()
    return saved


def save_changed(instance, values, history: HistoryRows | None = None):
    """Save only the fields whose value changes, so an unchanged re-run leaves no history."""
    changed = [k for k, v in values.items() if getattr(instance, k) != v]
    for key in changed:
        setattr(instance, key, values[key])
    if changed:
        if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
            changed.append("updated_at")
        if history is None:
            instance.save(update_fields=changed)
        else:
            history.save(instance, update_fields=changed)
    return changed
