"""Dates with their precision, roles held then, safe links and the repeated call card."""

import calendar
from urllib.parse import urlsplit

from django import forms, template
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from contacts.choices import DatePrecision

register = template.Library()


def date_words(date, precision, weekday=None):
    """A date as precisely as it is known: "24 June 2024", "September 2023", "date uncertain"."""
    if date is None or precision == DatePrecision.UNKNOWN:
        if weekday is not None:
            return f"a {calendar.day_name[weekday]}, date uncertain"
        return "date uncertain"
    if precision == DatePrecision.YEAR:
        return str(date.year)
    if precision == DatePrecision.MONTH:
        return f"{date:%B %Y}"
    return f"{calendar.day_name[date.weekday()]} {date.day} {date:%B %Y}"


def date_iso(date, precision):
    """The machine-readable form of a partial date for <time datetime>."""
    if precision == DatePrecision.YEAR:
        return f"{date.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def _time_element(date, precision, weekday=None):
    words = date_words(date, precision, weekday)
    if date is None or precision == DatePrecision.UNKNOWN:
        return format_html('<span class="uncertain">{}</span>', words)
    return format_html('<time datetime="{}">{}</time>', date_iso(date, precision), words)


@register.simple_tag
def call_date(call):
    """The call's date as a <time> element at its precision."""
    return _time_element(call.date, call.date_precision, call.weekday)


@register.simple_tag
def published_date(article):
    """An article's publication date at its precision, or "date unknown"."""
    if article.published is None:
        return format_html('<span class="uncertain">{}</span>', "publication date unknown")
    return _time_element(article.published, article.published_precision or DatePrecision.DAY)


def report_date_words(report):
    """What one report says of the date, including a day and month without a year."""
    if report.reported_date is not None and report.reported_precision != DatePrecision.UNKNOWN:
        return date_words(report.reported_date, report.reported_precision)
    if report.reported_month and report.reported_day:
        month = calendar.month_name[report.reported_month]
        return f"{report.reported_day} {month}, year not given"
    if report.reported_weekday is not None:
        return f"a {calendar.day_name[report.reported_weekday]}, no date given"
    return "no date given"


@register.simple_tag
def reported_date(report):
    return report_date_words(report)


def role_then(participant):
    """The title the participant held on the call's date, or an empty string."""
    if participant.role:
        return participant.role
    return participant.position.title if participant.position else ""


register.filter("role_then", role_then)


def sources_disagree(call):
    """True when the reports give different dates (uses the prefetched reports)."""
    dates = {r.reported_date for r in call.reports.all() if r.reported_date is not None}
    return bool(call.date_disputed or len(dates) > 1)


register.filter("sources_disagree", sources_disagree)


@register.filter
def safe_url(url):
    """The URL when it is http(s), else an empty string: a stored "javascript:" link never runs."""
    try:
        scheme = urlsplit(url or "").scheme.lower()
    except ValueError:
        return ""
    return url if scheme in ("http", "https") else ""


def call_summary(call):
    """One line naming the mode and the participants with their roles then (feeds, calendars)."""
    people = []
    for participant in call.participants.all():
        role = role_then(participant)
        people.append(
            f"{participant.official.name} ({role})" if role else participant.official.name
        )
    who = ", ".join(people) if people else "unknown participants"
    return f"{call.get_mode_display()}: {who}"


@register.inclusion_tag("contacts/_call_row.html")
def call_row(call):
    """One call as a card in a list: date, participants with roles, mode, topics, sources."""
    return {"call": call}


@register.filter
def when(call):
    """The call's date in words, as plain text (titles, attributes)."""
    return date_words(call.date, call.date_precision, call.weekday)


@register.filter
def source_outlets(call):
    """The distinct outlets of the call's prefetched reports, by name."""
    outlets = {}
    for report in call.reports.all():
        outlet = report.article.outlet
        if outlet is not None:
            outlets.setdefault(outlet.pk, outlet)
    return sorted(outlets.values(), key=lambda outlet: outlet.name.lower())


@register.filter
def current_post(official, today):
    """The post held `today` (a primary one first), else the one left last; from prefetched posts."""
    posts = list(official.positions.all())
    current = [p for p in posts if p.start <= today and (p.end is None or p.end >= today)]
    if current:
        return max(current, key=lambda p: (p.is_primary, p.start))
    # The post left last, not the one begun last: a minister's side seat in a war cabinet
    # ends before the ministry does.
    return max(posts, key=lambda p: (p.end or p.start, p.is_primary, p.start), default=None)


# Long repeated markup is joined here rather than drawn by template loops: a menu of 150
# options through the widget templates, or a chart of 100 bars of a dozen variables each,
# cost milliseconds of template work per page.


@register.simple_tag
def field_widget(field):
    """A form field's widget, a single-choice menu drawn in one pass (same attributes)."""
    widget = field.field.widget
    if type(widget) is not forms.Select:
        return field.as_widget()
    attrs = dict(widget.attrs)
    if field.auto_id and "id" not in attrs:
        attrs["id"] = field.auto_id
    attrs = field.build_widget_attrs(attrs, widget)
    value = field.value()
    chosen = "" if value is None else str(value)
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) == chosen else "", label)
            for value, label in widget.choices
        ),
    )
    return format_html('<select name="{}"{}>{}</select>', field.html_name, flatatt(attrs), options)


@register.simple_tag
def options(choices):
    """<option>s for (value, label) pairs, none selected."""
    return format_html_join("", '<option value="{}">{}</option>', choices)


@register.simple_tag
def chart_bars(chart):
    """The chart's bars, each a link with a hit area."""
    return format_html_join(
        "",
        '<a class="bar-link" href="{}" aria-label="{}: show them"><title>{}</title>'
        '<rect class="hit" x="{}%" y="{}" width="{}%" height="{}"/>'
        '<rect class="bar" x="{}%" y="{}" width="{}%" height="{}"/></a>',
        (
            (bar.href, bar.label, bar.label, bar.x, chart.top, bar.width, chart.plot_height)
            + (bar.x, bar.y, bar.width, bar.height)
            for bar in chart.bars
        ),
    )


@register.simple_tag
def chart_ticks(chart):
    """The chart's ticks and their labels; minor ones may be hidden on a narrow screen."""
    return format_html_join(
        "",
        '<g{}><line class="tick" x1="{}%" y1="{}" x2="{}%" y2="{}"/>'
        '<text class="x-label" x="{}%" y="{}">{}</text></g>',
        (
            (mark_safe(' class="minor"') if tick.minor else "", tick.x, chart.baseline, tick.x)
            + (chart.baseline + 5, tick.x, chart.label_y, tick.label)
            for tick in chart.ticks
        ),
    )


@register.simple_tag
def chart_rows(chart):
    """The chart's numbers as table rows."""
    return format_html_join(
        "",
        '<tr><td><a href="{}">{}</a></td><td class="num">{}</td></tr>',
        ((bar.href, bar.name, bar.count) for bar in chart.bars),
    )
