"""Admin for calls (participants and reports inline) and reports."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from contacts.admin.history import EditorAdmin
from contacts.admin.keep import SuperuserDeletesOnly
from contacts.admin.locks import EditorLocksMixin, LockedFieldsForm
from contacts.admin.merge import merge_selected_calls
from contacts.admin.versions import VersionCheckedAdmin, VersionCheckedForm
from contacts.choices import DateBasis, DatePrecision, Status
from contacts.corrections import editor_name
from contacts.models import Call, CallParticipant, Report
from contacts.review import is_about_the_date, note_lines
from contacts.services import dates_disagree
from contacts.templatetags.contacts_tags import date_words


def date_with_precision(day, precision):
    """A date written no more exactly than it is known: '24 Jun 2024', 'June 2024', '2024'."""
    if day is None:
        return "undated"
    if precision == DatePrecision.DAY:
        return day.strftime("%d %b %Y").lstrip("0")
    if precision == DatePrecision.MONTH:
        return day.strftime("%B %Y")
    if precision == DatePrecision.YEAR:
        return str(day.year)
    return f"{day.isoformat()} (precision unknown)"


class CallForm(VersionCheckedForm, LockedFieldsForm):
    extra_locks = ("participants",)

    class Meta:
        model = Call
        # The admin adds the fields of its fieldsets.
        fields = ("edited_fields",)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "cols": 80}),
            "date_note": forms.Textarea(attrs={"rows": 2, "cols": 80}),
            "review_note": forms.Textarea(attrs={"rows": 2, "cols": 80}),
        }


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ("evidence",)  # the admin adds the fields of its layout

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence") or []
        if not isinstance(evidence, list) or not all(
            isinstance(e, dict) and isinstance(e.get("text"), str) for e in evidence
        ):
            raise forms.ValidationError(
                'Give a list of sentences: [{"text": "...", "start": 0, "end": 10}].'
            )
        return evidence


class ParticipantInline(admin.TabularInline):
    model = CallParticipant
    fields = ("official", "position", "role")
    autocomplete_fields = ("official", "position")
    extra = 0


class ReportInline(SuperuserDeletesOnly, admin.TabularInline):
    model = Report
    fields = (
        "article",
        "reported_date",
        "reported_precision",
        "date_text",
        "date_specific",
        "reported_mode",
        "reported_status",
    )
    autocomplete_fields = ("article",)
    extra = 0
    show_change_link = True


@admin.register(Call)
class CallAdmin(SuperuserDeletesOnly, VersionCheckedAdmin, EditorLocksMixin, EditorAdmin):
    form = CallForm
    list_display = (
        "call_date",
        "participant_names",
        "mode",
        "status",
        "report_count",
        "reported_dates",
        "date_disputed",
        "needs_review",
    )
    list_filter = ("status", "mode", "date_precision", "date_disputed", "needs_review", "topics")
    date_hierarchy = "date"
    search_fields = (
        "participants__official__name",
        "participants__official__aliases__name",
        "reports__evidence_text",
        "reports__article__title",
    )
    autocomplete_fields = ("topics",)
    inlines = (ParticipantInline, ReportInline)
    readonly_fields = ("report_dates", "recent_changes", "created_at", "updated_at")
    fieldsets = (
        (
            "Date",
            {
                "fields": (
                    ("date", "date_precision"),
                    ("date_basis", "weekday"),
                    "date_note",
                    "date_disputed",
                    "report_dates",
                )
            },
        ),
        ("Contact", {"fields": ("mode", "status", "location", "summary", "topics")}),
        ("Review", {"fields": ("needs_review", "review_note", "edited_fields")}),
        ("Recent changes", {"fields": ("recent_changes",)}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inline_locks = {CallParticipant: "participants"}
    recent_changes_of = ("participants", "reports")
    history_list_display = ("status",)
    actions = ("mark_rejected", "unlock_fields", merge_selected_calls)

    def get_queryset(self, request):
        participants = CallParticipant.objects.select_related("official")
        reports = Report.objects.select_related("article__outlet").only(
            "call_id",
            "reported_date",
            "reported_precision",
            "date_text",
            "article__title",
            "article__outlet__name",
        )
        return (
            super()
            .get_queryset(request)
            .annotate(report_total=Count("reports", distinct=True))
            .prefetch_related(
                Prefetch("participants", queryset=participants),
                Prefetch("reports", queryset=reports),
            )
        )

    def follow_correction(self, request, obj, changed):
        """An editor's new date: its basis is the editor, its note says who, when and what it
        was, and the review note's doubts about the date are settled (unless the editor wrote
        the basis, the note or the review fields themselves)."""
        if not changed & {"date", "date_precision"}:
            return set()
        stored = Call.objects.get(pk=obj.pk)
        locks = set()
        if "date_basis" not in changed:
            obj.date_basis = DateBasis.EDITOR
            locks.add("date_basis")
        if "date_note" not in changed:
            was = date_words(stored.date, stored.date_precision, stored.weekday)
            basis = stored.get_date_basis_display().lower()
            today = timezone.localdate()
            obj.date_note = (
                f"Corrected by {editor_name(request.user)} on {today.day} {today:%B %Y}; "
                f"before, the record said {was} ({basis})."
            )
            locks.add("date_note")
        if not changed & {"review_note", "needs_review"}:
            # Not locked: a later report may still raise a new doubt (a person, say).
            remaining = [
                line for line in note_lines(obj.review_note) if not is_about_the_date(line)
            ]
            obj.review_note = "\n".join(remaining)
            obj.needs_review = bool(remaining)
        return locks

    @admin.display(description="date", ordering="date")
    def call_date(self, obj):
        return date_with_precision(obj.date, obj.date_precision)

    @admin.display(description="participants")
    def participant_names(self, obj):
        return ", ".join(p.official.name for p in obj.participants.all()) or "—"

    @admin.display(description="reports", ordering="report_total")
    def report_count(self, obj):
        return obj.report_total

    @admin.display(description="dates in the reports")
    def reported_dates(self, obj):
        """Each report's date side by side, shown only when they disagree."""
        dated = [r for r in obj.reports.all() if r.reported_date]
        if not dates_disagree([(r.reported_date, r.reported_precision) for r in dated]):
            return ""
        return format_html_join(
            mark_safe("<br>"),
            "{} ({})",
            (
                (
                    date_with_precision(r.reported_date, r.reported_precision),
                    r.article.outlet.name if r.article.outlet else r.article,
                )
                for r in dated
            ),
        )

    @admin.display(description="What each report says")
    def report_dates(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        reports = list(obj.reports.all())
        if not reports:
            return "No reports."
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    reverse(f"{self.admin_site.name}:contacts_report_change", args=[r.pk]),
                    r.article,
                    r.article.outlet.name if r.article.outlet else "",
                    date_with_precision(r.reported_date, r.reported_precision),
                    r.date_text,
                )
                for r in reports
            ),
        )
        dated = [(r.reported_date, r.reported_precision) for r in reports]
        verdict = "The reports disagree on the date." if dates_disagree(dated) else ""
        return format_html(
            "<table><thead><tr><th>Article</th><th>Outlet</th><th>Date</th><th>Words</th>"
            "</tr></thead><tbody>{}</tbody></table><p><strong>{}</strong></p>",
            rows,
            verdict,
        )

    @admin.action(description="Mark as not a contact", permissions=["change"])
    def mark_rejected(self, request, queryset):
        count = 0
        for call in queryset:
            if call.status == Status.REJECTED:
                continue
            call.status = Status.REJECTED
            call.edited_fields = sorted({*(call.edited_fields or []), "status"})
            call._history_user = request.user
            call._change_reason = "Marked as not a contact"
            call.save()
            count += 1
        self.message_user(
            request,
            f"{count} call(s) marked as not a contact; they stay in history and a re-ingest "
            "will not bring them back.",
            messages.SUCCESS,
        )


@admin.register(Report)
class ReportAdmin(SuperuserDeletesOnly, EditorAdmin):
    form = ReportForm
    list_display = (
        "call_link",
        "article",
        "reported_date",
        "reported_precision",
        "date_text",
        "reported_mode",
        "reported_status",
    )
    list_filter = (
        "reported_precision",
        "reported_mode",
        "reported_status",
        "date_basis",
        "date_specific",
    )
    list_select_related = ("article", "call")
    search_fields = ("evidence_text", "date_text", "article__title", "article__url")
    autocomplete_fields = ("call", "article")
    readonly_fields = ("evidence_sentences", "created_at")

    @admin.display(description="call", ordering="call__date")
    def call_link(self, obj):
        # Not str(call): that lists participants and would cost a query per row.
        return format_html(
            '<a href="{}">Call {} ({})</a>',
            reverse(f"{self.admin_site.name}:contacts_call_change", args=[obj.call_id]),
            obj.call_id,
            date_with_precision(obj.call.date, obj.call.date_precision),
        )

    @admin.display(description="Evidence as read")
    def evidence_sentences(self, obj):
        if obj is None or not obj.evidence:
            return "—"
        items = [e for e in obj.evidence if isinstance(e, dict)]
        return format_html(
            "<ol>{}</ol>",
            format_html_join("", "<li>{}</li>", ((e.get("text", ""),) for e in items)),
        )
