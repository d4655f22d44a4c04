"""The timeline's filters: GET parameters validated by one FilterSet, and the filter said in words."""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from contacts.choices import Mode, Status
from contacts.countries import Country
from contacts.facets import FACET_CHOICES
from contacts.menus import read_menus
from contacts.models import Official, Outlet, Topic

# Every parameter a list page understands, in the order chips show them.
FILTER_KEYS = (
    "q",
    "person",
    "country",
    "role",
    "topic",
    "date_from",
    "date_to",
    "mode",
    "status",
    "outlet",
    "sort",
)

SORT_CHOICES = [
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("sources", "Most sources first"),
    ("reported", "Most recently reported first"),
    ("added", "Recently added first"),
]
DEFAULT_SORT = "newest"
MAX_Q_LENGTH = 200

# Rejected records are an editor's "not a contact"; analysts never see them in lists.
PUBLIC_STATUSES = [(value, label) for value, label in Status.choices if value != Status.REJECTED]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True)
class Period:
    """A day, a month or a year typed in a date box, as its first and last day."""

    start: dt.date
    end: dt.date
    label: str


def parse_period(text):
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` as a Period; ValueError for anything else."""
    match = _PARTIAL_DATE.match(text.strip())
    if not match:
        raise ValueError(text)
    year, month, day = (int(part) if part else None for part in match.groups())
    if not 1000 <= year <= 2999:
        raise ValueError(text)
    if month is None:
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))
    last_day = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
    if day is None:
        start = dt.date(year, month, 1)
        return Period(start, start.replace(day=last_day), f"{start:%B %Y}")
    day_date = dt.date(year, month, day)
    return Period(day_date, day_date, f"{day_date.day} {day_date:%B %Y}")


class PeriodField(forms.CharField):
    default_error_messages = {
        "invalid": "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD (for example 2024 or 2024-06-24)."
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_period(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class PeriodFilter(django_filters.Filter):
    field_class = PeriodField


class CallFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start.start > end.end:
            raise ValidationError("The “from” date is after the “to” date.", code="order")
        return cleaned


def role_choices():
    """Role keys with the title most of their holders used, alphabetical by title."""
    return read_menus().roles


class KnownChoiceField(forms.ModelChoiceField):
    """A model choice whose instance the page may already hold (a topic page's topic): the
    slug naming it is then not looked up again."""

    known = None

    def to_python(self, value):
        if self.known is not None and value == getattr(self.known, self.to_field_name):
            return self.known
        return super().to_python(value)


class KnownChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = KnownChoiceField


class CallFilter(django_filters.FilterSet):
    # Each word is four LIKE clauses on SQLite: a bound keeps a search one query of sane size.
    q = django_filters.CharFilter(label="Words", method="filter_text", max_length=MAX_Q_LENGTH)
    person = django_filters.ModelMultipleChoiceFilter(
        label="Person",
        queryset=Official.objects.all(),
        to_field_name="slug",
        method="filter_people",
        error_messages={"invalid_choice": "No official is known by “%(value)s”."},
    )
    # Repeatable like person: "country=US&country=IL" is calls between officials of both.
    country = django_filters.MultipleChoiceFilter(
        label="Participant's country",
        choices=Country.choices,
        method="filter_countries",
    )
    # Choices are a callable so the query runs only when a role is given or the menu is drawn.
    role = django_filters.ChoiceFilter(
        label="Role held then", choices=role_choices, empty_label="Any role", method="filter_role"
    )
    topic = KnownChoiceFilter(
        label="Topic",
        queryset=Topic.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Any topic",
        method="filter_topic",
        error_messages={"invalid_choice": "No topic is known by “%(value)s”."},
    )
    date_from = PeriodFilter(label="From", method="filter_from")
    date_to = PeriodFilter(label="To", method="filter_to")
    mode = django_filters.ChoiceFilter(label="Mode", choices=Mode.choices, empty_label="Any mode")
    status = django_filters.ChoiceFilter(
        label="Status", choices=PUBLIC_STATUSES, empty_label="Any status"
    )
    outlet = KnownChoiceFilter(
        label="Outlet",
        queryset=Outlet.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Any outlet",
        method="filter_outlet",
        error_messages={"invalid_choice": "No outlet is known by “%(value)s”."},
    )
    # Validated here, applied by the selector: facets count the unsorted result.
    sort = django_filters.ChoiceFilter(
        label="Sort", choices=SORT_CHOICES, empty_label=None, method="keep_order"
    )
    # Which facet to show in full rather than its top entries: display state, not a filter.
    expand = django_filters.ChoiceFilter(
        label="Show all of", choices=FACET_CHOICES, method="keep_order"
    )

    class Meta:
        form = CallFilterForm

    def __init__(self, *args, known=(), **kwargs):
        super().__init__(*args, **kwargs)
        # {parameter: instance} the page has already read (its fixed topic or outlet).
        self.known = dict(known)
        # The menus, the check of a given role, the titles in headings and facets and the topic
        # tree share one read of the reference tables, made only when one of them needs it.
        self.filters["role"].extra["choices"] = lambda: self.menus.roles

    @cached_property
    def menus(self):
        return read_menus()

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            # The topic and outlet menus are drawn from the shared read (lazily: an export never
            # draws them); a chosen slug is still checked against the table by the field.
            form.fields["topic"].widget.choices = lambda: [
                ("", "Any topic"),
                *((topic.slug, topic.name) for topic in self.menus.topics),
            ]
            form.fields["outlet"].widget.choices = lambda: [("", "Any outlet"), *self.menus.outlets]
            for key, instance in self.known.items():
                form.fields[key].known = instance
        return self._form

    @property
    def _role_options(self):
        return self.menus.roles

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_people(self, queryset, name, officials):
        return queryset.with_all_persons(officials)

    def filter_countries(self, queryset, name, codes):
        for code in codes:
            queryset = queryset.with_country(code)
        return queryset

    def filter_role(self, queryset, name, value):
        return queryset.with_role(value)

    def filter_topic(self, queryset, name, topic):
        return queryset.in_topic_ids(self.menus.below(topic.pk))

    def filter_from(self, queryset, name, period):
        return queryset.between(start=period.start)

    def filter_to(self, queryset, name, period):
        return queryset.between(end=period.end)

    def filter_outlet(self, queryset, name, outlet):
        return queryset.reported_by(outlet)

    def keep_order(self, queryset, name, value):
        return queryset

    @property
    def chosen_sort(self):
        """The validated sort key, the default when none or an invalid one was given."""
        if self.is_valid():
            return self.form.cleaned_data.get("sort") or DEFAULT_SORT
        return DEFAULT_SORT

    @cached_property
    def _role_titles(self):
        return dict(self._role_options)

    def role_title(self, key):
        return self._role_titles.get(key, key)


MODE_NOUNS = {
    Mode.PHONE: "Phone calls",
    Mode.VIDEO: "Video calls",
    Mode.MEETING: "Meetings",
    Mode.UNKNOWN: "Calls of unknown mode",
}


def _join(words):
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _period_words(start, end):
    if start and end:
        if start.label == end.label:
            return start.label
        return f"from {start.label} to {end.label}"
    if start:
        return f"since {start.label}"
    if end:
        return f"until {end.label}"
    return ""


def describe(filterset):
    """The current filter as a heading: "Phone calls with Yoav Gallant about Hostages, 2024"."""
    if not filterset.is_valid():
        return "Calls"
    data = filterset.form.cleaned_data
    words = [MODE_NOUNS.get(data.get("mode"), "Calls")]
    company = [official.name for official in data.get("person") or []]
    if data.get("role"):
        company.append(f"a {filterset.role_title(data['role'])}")
    for code in data.get("country") or []:
        company.append(f"an official of {Country(code).label}")
    if company:
        words.append("with " + _join(company))
    if data.get("topic"):
        words.append(f"about {data['topic'].name}")
    if data.get("outlet"):
        words.append(f"reported by {data['outlet'].name}")
    if data.get("q"):
        words.append(f"mentioning “{data['q']}”")
    if data.get("status"):
        words.append(f"({Status(data['status']).label.lower()})")
    heading = " ".join(words)
    period = _period_words(data.get("date_from"), data.get("date_to"))
    if period:
        heading += f", {period}"
    if len(words) == 1 and not period:
        heading = "All calls" if heading == "Calls" else heading
    return heading


@dataclass
class Chip:
    """One active filter value and the query string without it."""

    name: str
    value: str
    query: object


FIELD_NAMES = {
    "q": "Words",
    "person": "With",
    "country": "Country",
    "role": "Role",
    "topic": "Topic",
    "date_from": "From",
    "date_to": "To",
    "mode": "Mode",
    "status": "Status",
    "outlet": "Outlet",
    "sort": "Sorted",
}


def _value_label(filterset, key, raw):
    """A readable label for one raw parameter value; the raw value when it did not validate."""
    data = getattr(filterset.form, "cleaned_data", {})
    if key not in data or key in filterset.form.errors:
        return raw
    value = data[key]
    if key == "person":
        names = {official.slug: official.name for official in value or []}
        return names.get(raw, raw)
    if key in ("topic", "outlet"):
        return value.name if value else raw
    if key in ("date_from", "date_to"):
        return value.label if value else raw
    if key == "role":
        return filterset.role_title(raw)
    labels = {
        "country": dict(Country.choices),
        "mode": dict(Mode.choices),
        "status": dict(Status.choices),
        "sort": dict(SORT_CHOICES),
    }.get(key)
    return labels.get(raw, raw) if labels else raw


def chips(filterset, params, *, hide=()):
    """Removable chips for every parameter the user set (invalid ones too, so they can go)."""
    result = []
    for key in FILTER_KEYS:
        if key in hide:
            continue
        values = params.getlist(key)
        for raw in values:
            query = params.copy()
            query.setlist(key, [v for v in values if v != raw])
            query.pop("page", None)
            result.append(Chip(FIELD_NAMES[key], _value_label(filterset, key, raw), query))
    return result
