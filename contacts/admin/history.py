"""Editors' view of history: a base admin with old → new values and a 'recent changes' panel."""

from django.contrib import admin
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

RECENT_CHANGES_LIMIT = 15
_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


class EditorAdmin(SimpleHistoryAdmin):
    """A record admin whose history page lists who changed which field from what to what.

    `recent_changes_of` names the child relations (related_name on this model) whose own history
    is merged into the change page's "Recent changes" panel, so inline edits are visible there.
    """

    recent_changes_of = ()
    history_list_per_page = 50
    # Editors paste scraped links; an address without a scheme is a web page, so https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="Recent changes")
    def recent_changes(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        records = recent_records(obj, self.recent_changes_of)
        if not records:
            return "No changes recorded yet."
        rows = format_html_join("", "{}", ((self._change_row(r),) for r in records))
        return format_html(
            '<table class="recent-changes"><thead><tr><th>When</th><th>Who</th><th>What</th>'
            "<th>Changes (old → new)</th><th>Reason</th></tr></thead><tbody>{}</tbody></table>"
            '<p><a href="{}">Full history of this record</a></p>',
            rows,
            admin_url(type(obj), "history", obj.pk, self.admin_site.name) or "#",
        )

    def _change_row(self, record):
        model = record.instance_type
        what = f"{model._meta.verbose_name.capitalize()} “{record.instance}” {_ACTIONS.get(record.history_type, '')}"
        link = admin_url(model, "history", record.id, self.admin_site.name)
        if link and self.admin_site.is_registered(model):
            what = format_html('<a href="{}">{}</a>', link, what)
        changes = ""
        if record.history_type == "~":
            previous = record.prev_record
            if previous is not None:
                delta = record.diff_against(previous)
                helper = HistoricalRecordContextHelper(model, record)
                changes = format_html_join(
                    "",
                    "<li><strong>{}:</strong> {} → {}</li>",
                    (
                        (c["field"], c["old"], c["new"])
                        for c in helper.context_for_delta_changes(delta)
                    ),
                )
                changes = format_html("<ul>{}</ul>", changes) if changes else "no field changed"
        return format_html(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M"),
            record.history_user or "ingest or script",
            what,
            changes,
            record.history_change_reason or "",
        )


def recent_records(obj, related_names=(), limit=RECENT_CHANGES_LIMIT):
    """The latest history records of `obj` and of its children under `related_names`, newest first."""
    records = list(obj.history.select_related("history_user")[:limit])
    for name in related_names:
        relation = type(obj)._meta.get_field(name)
        child_history = relation.related_model.history
        records += child_history.filter(**{relation.field.attname: obj.pk}).select_related(
            "history_user"
        )[:limit]
    records.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
    return records[:limit]


def admin_url(model, view, pk, site_name="admin"):
    opts = model._meta
    try:
        return reverse(f"{site_name}:{opts.app_label}_{opts.model_name}_{view}", args=[pk])
    except NoReverseMatch:
        return None
