"""The "Merge selected calls" action: a confirmation page to pick the call to keep, then the merge."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template import engines
from django.template.response import TemplateResponse

from contacts.services import MergeError, merge_calls

# Kept here rather than in templates/ (the browsing views own that folder).
CONFIRMATION = engines["django"].from_string(
    """{% extends "admin/base_site.html" %}
{% block breadcrumbs %}<div class="breadcrumbs"><a href="{% url 'admin:index' %}">Home</a>
&rsaquo; <a href="{% url 'admin:app_list' app_label=opts.app_label %}">{{ opts.app_config.verbose_name }}</a>
&rsaquo; <a href="{% url 'admin:contacts_call_changelist' %}">{{ opts.verbose_name_plural|capfirst }}</a>
&rsaquo; Merge</div>{% endblock %}
{% block content %}
<p>These {{ calls|length }} records will become one call. Reports and participants move to the
call you keep (the same article or official is kept once), topics are combined, and the others
are deleted; their history stays.</p>
<form method="post">{% csrf_token %}
<table>
<thead><tr><th>Keep</th><th>Call</th><th>Date</th><th>Status</th><th>Reports</th><th>Created</th></tr></thead>
<tbody>{% for call in calls %}
<tr><td><input type="radio" name="keep" value="{{ call.pk }}" id="keep-{{ call.pk }}"
{% if call.pk == keep.pk %}checked{% endif %}></td>
<td><label for="keep-{{ call.pk }}">{{ call }}</label></td>
<td>{{ call.date|default:"undated" }} ({{ call.get_date_precision_display }})</td>
<td>{{ call.get_status_display }}</td><td>{{ call.reports.all|length }}</td>
<td>{{ call.created_at|date:"Y-m-d H:i" }}</td></tr>
{% endfor %}</tbody></table>
{% for call in calls %}<input type="hidden" name="{{ action_checkbox_name }}" value="{{ call.pk }}">{% endfor %}
<input type="hidden" name="action" value="merge_selected_calls">
<input type="hidden" name="post" value="yes">
<p><input type="submit" value="Merge into the chosen call">
<a href="{% url 'admin:contacts_call_changelist' %}" class="button cancel-link">Cancel</a></p>
</form>
{% endblock %}"""
)


# Only "change": a merge moves every report and participant to the kept call and the merged-away
# records' history stays, so nothing is lost; editors may merge though they may not delete.
@admin.action(description="Merge selected calls", permissions=["change"])
def merge_selected_calls(modeladmin, request, queryset):
    calls = list(queryset.order_by("created_at", "pk"))
    if len(calls) < 2:
        modeladmin.message_user(request, "Select two or more calls to merge.", messages.WARNING)
        return None
    keep = calls[0]
    if request.POST.get("post"):
        chosen = next((c for c in calls if str(c.pk) == request.POST.get("keep")), None)
        if chosen is None:
            modeladmin.message_user(request, "Pick the call to keep.", messages.ERROR)
        else:
            others = [c for c in calls if c.pk != chosen.pk]
            try:
                summary = merge_calls(keep=chosen, others=others, user=request.user)
            except MergeError as error:
                modeladmin.message_user(request, str(error), messages.ERROR)
            else:
                modeladmin.message_user(request, str(summary), messages.SUCCESS)
            return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Merge calls",
        "opts": modeladmin.model._meta,
        "calls": calls,
        "keep": keep,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, CONFIRMATION, context)
