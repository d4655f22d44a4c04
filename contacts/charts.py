"""Geometry of the calls-per-month (or per-week) bar chart, so the template only draws shapes.

Bars are placed in percent of the chart's width and text is set in CSS pixels, so one SVG
fills a phone or a desktop column without its labels shrinking with it. Each bar carries the
link that narrows the list to its period.
"""

import datetime as dt
from dataclasses import dataclass, field

HEIGHT = 170  # px
TOP = 22  # room for the peak's label above the grid line
BOTTOM = 24  # room for the x-axis labels
MIN_BAR = 2  # px: a single call stays visible beside a peak of hundreds
MAX_LABELS = 5  # x-axis labels that fit 390 px at 12 px type; wider screens show them all
WEEKS_UP_TO = 3  # a result spanning at most this many months is drawn per week


@dataclass
class Bar:
    x: float  # percent of the width
    width: float  # percent
    y: float  # px
    height: float  # px
    start: dt.date
    count: int
    name: str  # "June 2024", "Week of 3 June 2024"
    href: str

    @property
    def label(self):
        return f"{self.name}: {_plural(self.count)}"


@dataclass
class Tick:
    x: float  # percent
    label: str
    minor: bool = False  # hidden on a phone, where only every few labels fit


@dataclass
class Chart:
    unit: str  # "month" or "week"
    peak: int
    unplaced: int = 0
    height: int = HEIGHT
    top: int = TOP
    baseline: int = HEIGHT - BOTTOM
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)

    @property
    def plot_height(self):
        return self.baseline - self.top

    @property
    def label_y(self):
        return self.height - 6

    @property
    def title(self):
        return f"Calls per {self.unit}"

    @property
    def description(self):
        total = sum(bar.count for bar in self.bars)
        first, last = self.bars[0], self.bars[-1]
        span = first.name + ("" if first is last else f" to {last.name}")
        return (
            f"{total} call{'s' if total != 1 else ''} placed by {self.unit}, {span}; "
            f"at most {self.peak} in one {self.unit}. Each bar links to its calls."
        )


def _next_month(day):
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_range(first, last):
    """Every first-of-month from `first` to `last`, both included."""
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = _next_month(current)
    return months


def week_range(first, last):
    """Every Monday from the week of `first` to the week of `last`."""
    monday = first - dt.timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        weeks.append(monday)
        monday += dt.timedelta(days=7)
    return weeks


def is_short(monthly):
    """True when the months with calls span so few months that weeks read better."""
    months = [month for month, n in monthly.items() if n]
    return bool(months) and len(month_range(min(months), max(months))) <= WEEKS_UP_TO


def _plural(n):
    return f"{n} call{'s' if n != 1 else ''}"


def _build(unit, slots, counts, link, ticks, unplaced):
    peak = max(counts.values())
    chart = Chart(unit, peak, unplaced)
    plot = chart.baseline - chart.top
    slot = 100 / len(slots)
    gap = min(slot * 0.2, 0.6)
    for index, (start, params, name) in enumerate(slots):
        n = counts.get(start, 0)
        if not n:
            continue
        height = max(plot * n / peak, MIN_BAR)
        chart.bars.append(
            Bar(
                round(index * slot + gap / 2, 3),
                round(slot - gap, 3),
                round(chart.baseline - height, 2),
                round(height, 2),
                start,
                n,
                name,
                link(*params),
            )
        )
    # A tick may come as (slot, label) or (slot, label, True) for one only wide screens show.
    ticks = [(tick[0] * slot, tick[1], len(tick) > 2) for tick in ticks]
    ticks = [tick for tick in ticks if tick[0] <= 92]  # a label at the right edge runs off
    # Wide screens have room for every label; a phone shows every step-th, from the first.
    step = -(-len(ticks) // MAX_LABELS)
    for position, (x, label, wide_only) in enumerate(ticks):
        minor = wide_only or position % step != 0
        chart.ticks.append(Tick(round(x, 3), label, minor=minor))
    return chart


def _year_ticks(months):
    """Labels at Januaries (and the first month); every third month when the span is short."""
    starts = [(0, str(months[0].year))] + [
        (i, str(m.year)) for i, m in enumerate(months) if m.month == 1 and i > 0
    ]
    if len(starts) > 1 and starts[1][0] < 3:
        del starts[0]  # a first label squeezed against the next one would overprint it
    if len(months) <= 18:
        # Short spans: every third month, named, with the year where it changes.
        starts = [
            (i, f"{m:%b}" + (f" {m.year}" if i == 0 or m.month <= 3 else ""))
            for i, m in enumerate(months)
            if (m.month - 1) % 3 == 0 or i == 0
        ]
        if len(starts) > 1 and starts[1][0] < 2:
            del starts[0]
    return starts


def monthly_chart(counts, link, unplaced=0):
    """A Chart of {first of month: count}, every month between the first and last; None if empty.

    `link(date_from, date_to)` gives a bar's URL from the two date parameters it sets.
    """
    counts = {month.replace(day=1): n for month, n in counts.items() if month and n}
    if not counts:
        return None
    months = month_range(min(counts), max(counts))
    slots = [(m, (f"{m:%Y-%m}",) * 2, f"{m:%B %Y}") for m in months]
    return _build("month", slots, counts, link, _year_ticks(months), unplaced)


def weekly_chart(counts, link, unplaced=0):
    """A Chart of {day: count} gathered into weeks from Monday; None if empty."""
    by_week = {}
    for day, n in counts.items():
        if day and n:
            monday = day - dt.timedelta(days=day.weekday())
            by_week[monday] = by_week.get(monday, 0) + n
    if not by_week:
        return None
    weeks = week_range(min(by_week), max(by_week))
    slots = [
        (w, (w.isoformat(), (w + dt.timedelta(days=6)).isoformat()), f"Week of {w.day} {w:%B %Y}")
        for w in weeks
    ]
    ticks = [(0, f"{weeks[0].day} {weeks[0]:%b}")] + [
        (i, f"{w:%b}") for i, w in enumerate(weeks) if i > 0 and w.day <= 7
    ]
    if len(ticks) > 1 and ticks[1][0] < 2:
        # On a phone the first week's date and the month name beside it would overprint:
        # the date says more, so the month is left to wide screens.
        ticks[1] = (*ticks[1], True)
    return _build("week", slots, by_week, link, ticks, unplaced)
